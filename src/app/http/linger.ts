import type { IncomingMessage, ServerResponse } from 'node:http';

/** How much of a refused body is read and discarded, and for how long, before the socket is closed anyway. */
export const LINGER_MAX_BYTES = 16 * 1024 * 1024;
export const LINGER_MAX_MS = 5000;

/**
 * Answers a request whose body will not be read (413, 408) so that a client still sending can read the
 * answer: the response goes out at once, the rest of the body is read and discarded (bounded), and only then
 * is the connection closed — lingering close, as nginx does. Closing at once would reset the connection under
 * a client still writing, which then sees EPIPE/ECONNRESET instead of the status.
 */
export function answerAndLinger(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
): void {
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.write(body);
  let discarded = 0;
  const close = () => {
    clearTimeout(timer);
    req.off('data', discard);
    if (!res.writableEnded) res.end();
  };
  const discard = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER_MAX_BYTES) close();
  };
  const timer = setTimeout(close, LINGER_MAX_MS);
  req.on('data', discard);
  req.once('end', close);
  req.once('error', close);
  if (req.complete) close();
  req.resume();
}
