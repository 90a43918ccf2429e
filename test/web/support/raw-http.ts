import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  /** Everything the server sent (latin1). */
  response: string;
  /** The first socket error, if it came before the response's head was complete. */
  errorBeforeResponse: string | undefined;
  /** The first socket error at any time (a reset under a client still sending: EPIPE, ECONNRESET). */
  error: string | undefined;
  /** Milliseconds from the request line to the first byte of the response (or to the close). */
  answeredAfterMs: number;
}

function open(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  return once(socket, 'connect').then(() => socket);
}

function watch(socket: Socket, started: number) {
  const state = {
    response: '',
    error: undefined as string | undefined,
    anyError: undefined as string | undefined,
    firstByteMs: -1,
  };
  socket.on('data', (d: Buffer) => {
    if (state.firstByteMs < 0) state.firstByteMs = performance.now() - started;
    state.response += d.toString('latin1');
  });
  socket.on('error', (err: NodeJS.ErrnoException) => {
    state.anyError ??= err.code ?? err.message;
    if (!state.response.includes('\r\n\r\n')) state.error ??= err.code ?? err.message;
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { state, closed };
}

function head(path: string, length: number, contentType: string): string {
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${contentType}\r\nContent-Length: ${length}\r\n\r\n`;
}

/** Sends the whole of a large body (64 KiB writes, waiting for drain) whatever the server answers meanwhile.
 * `error` is set when the connection is reset under the sender (EPIPE/ECONNRESET). */
export async function postWhole(
  port: number,
  path: string,
  bytes: number,
  contentType = 'application/json',
): Promise<RawAnswer> {
  const socket = await open(port);
  const started = performance.now();
  const { state, closed } = watch(socket, started);
  socket.write(head(path, bytes, contentType));
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  for (let sent = 0; sent < bytes && !socket.destroyed; sent += chunk.length) {
    const piece = sent + chunk.length > bytes ? chunk.subarray(0, bytes - sent) : chunk;
    if (!socket.write(piece)) await Promise.race([once(socket, 'drain').catch(() => undefined), closed]);
    // Like a client on a real network: the rest keeps coming for a while after the server has answered.
    if (state.firstByteMs >= 0) await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000))]);
  socket.destroy();
  return {
    response: state.response,
    errorBeforeResponse: state.error,
    error: state.anyError,
    answeredAfterMs: state.firstByteMs,
  };
}

/** Declares `bytes` and sends one byte every `intervalMs` until the server answers or closes, or `giveUpMs`. */
export async function postSlowly(
  port: number,
  path: string,
  bytes: number,
  intervalMs: number,
  giveUpMs: number,
): Promise<RawAnswer & { /** The server closed the connection (not we, at giveUpMs). */ closed: boolean }> {
  const socket = await open(port);
  const started = performance.now();
  const { state, closed } = watch(socket, started);
  let gaveUp = false;
  socket.write(head(path, bytes, 'application/x-www-form-urlencoded'));
  const timer = setInterval(() => {
    if (!socket.destroyed) socket.write('a');
  }, intervalMs);
  const deadline = setTimeout(() => {
    gaveUp = true;
    socket.destroy();
  }, giveUpMs);
  await closed;
  clearInterval(timer);
  clearTimeout(deadline);
  const answeredAfterMs = state.firstByteMs >= 0 ? state.firstByteMs : performance.now() - started;
  return {
    response: state.response,
    errorBeforeResponse: state.error,
    error: state.anyError,
    answeredAfterMs,
    closed: !gaveUp,
  };
}

export function statusOf(response: string): number | undefined {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(response);
  return m ? Number(m[1]) : undefined;
}
