// The machine's ceiling: node:http that reads an AReq, parses it and echoes it as JSON. No framework, no DB.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  if (req.method !== 'POST') return void res.writeHead(200).end('ok');
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
