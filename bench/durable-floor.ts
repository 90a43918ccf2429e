// The durable floor (issue 19): the echo server (bench/echo-server.ts) plus ONE committed row per AReq.
// A raw node:http server reads the AReq JSON, parses it and writes one row holding it by group commit — every AReq
// that arrives while earlier batches commit goes into the next batch, one multi-row INSERT per batch, at most four
// batches in flight — and answers only after its batch is committed (synchronous_commit as the server has it).
// No validation, no lookup, no crypto: what the machine can durably do for this request size, the floor every
// AReq → ARes figure is compared with. PostgreSQL with FLOOR_DATABASE_URL (a pool of four connections, a table of
// its own in the bench database), otherwise PGlite in this process in FLOOR_PGLITE_DIR (as the service runs it).
// Run by plain `node` (type stripping): it imports packages only.
import { createServer, type ServerResponse } from 'node:http';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

const MAX_BATCH = 200; // as the service's group commit (src/storage/group-commit.ts)
const MAX_IN_FLIGHT = 4;

const CREATE = `create table if not exists bench_floor (
  three_ds_server_trans_id text primary key,
  body json not null
)`;
// One statement per batch whatever its size: the rows arrive as two arrays.
const INSERT = `insert into bench_floor (three_ds_server_trans_id, body)
  select id, body::json from unnest($1::text[], $2::text[]) as t(id, body)`;

interface Database {
  insert(ids: string[], bodies: string[]): Promise<unknown>;
  close(): Promise<void>;
}

async function openDatabase(): Promise<Database> {
  const url = process.env.FLOOR_DATABASE_URL;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: MAX_IN_FLIGHT });
    await pool.query(CREATE);
    return { insert: (ids, bodies) => pool.query(INSERT, [ids, bodies]), close: () => pool.end() };
  }
  const pglite = await PGlite.create({ dataDir: process.env.FLOOR_PGLITE_DIR });
  await pglite.exec(CREATE);
  return { insert: (ids, bodies) => pglite.query(INSERT, [ids, bodies]), close: () => pglite.close() };
}

interface Waiter {
  id: string;
  body: string;
  res: ServerResponse;
}

const db = await openDatabase();
let pending: Waiter[] = [];
let inFlight = 0;
let scheduled = false;

/** Cut a batch on the next turn of the event loop, when a batch slot is free (the service's group commit). */
function schedule(): void {
  if (scheduled || pending.length === 0 || inFlight >= MAX_IN_FLIGHT) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    flush();
  });
}

function flush(): void {
  if (pending.length === 0 || inFlight >= MAX_IN_FLIGHT) return;
  const batch = pending.slice(0, MAX_BATCH);
  pending = pending.slice(batch.length);
  inFlight++;
  db.insert(
    batch.map((w) => w.id),
    batch.map((w) => w.body),
  )
    .then(
      () => {
        for (const w of batch) w.res.writeHead(200, { 'content-type': 'application/json' }).end(w.body);
      },
      (err: unknown) => {
        process.stderr.write(`batch failed: ${String(err)}\n`);
        for (const w of batch) w.res.writeHead(500).end();
      },
    )
    .finally(() => {
      inFlight--;
      if (pending.length >= MAX_BATCH) flush();
      else schedule();
    });
  if (pending.length > 0) schedule();
}

const server = createServer((req, res) => {
  if (req.method !== 'POST') return void res.writeHead(200).end('ok');
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      return void res.writeHead(400).end();
    }
    const body = JSON.stringify(parsed);
    pending.push({ id: String(parsed.threeDSServerTransID), body, res });
    if (pending.length >= MAX_BATCH) flush();
    else schedule();
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => void db.close().then(() => process.exit(0))));
