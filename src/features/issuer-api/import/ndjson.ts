/**
 * Splits a byte stream into NDJSON lines without holding more than one line (and one chunk) in memory.
 * Lines are numbered from 1; a line over `maxLineBytes` is reported as too long and skipped to its end;
 * bytes that are not UTF-8 make that line invalid. A final line without a newline is still a line.
 */
export type RawLine = { line: number; text: string } | { line: number; problem: 'line_too_long' | 'invalid_utf8' };

const NEWLINE = 0x0a;

export async function* ndjsonLines(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  maxLineBytes: number,
): AsyncGenerator<RawLine, void, undefined> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let line = 0;
  const finish = (bytes: Buffer): RawLine => {
    line++;
    if (tooLong) return { line, problem: 'line_too_long' };
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 0x0d) end--;
    try {
      return { line, text: decoder.decode(bytes.subarray(0, end)) };
    } catch {
      return { line, problem: 'invalid_utf8' };
    }
  };
  for await (const chunk of chunks) {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(NEWLINE, start);
      const end = nl === -1 ? buf.length : nl;
      const piece = buf.subarray(start, end);
      if (!tooLong) {
        if (pendingBytes + piece.length > maxLineBytes) {
          tooLong = true;
          pending = [];
          pendingBytes = 0;
        } else if (piece.length > 0) {
          // A piece that is the whole line is used in place; one split across chunks is copied out.
          pending.push(nl === -1 ? Buffer.from(piece) : piece);
          pendingBytes += piece.length;
        }
      }
      if (nl === -1) break;
      const bytes = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
      const raw = finish(bytes);
      pending = [];
      pendingBytes = 0;
      tooLong = false;
      if (!('text' in raw) || raw.text.trim() !== '') yield raw;
      start = nl + 1;
    }
  }
  if (pendingBytes > 0 || tooLong) {
    const raw = finish(pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes));
    if (!('text' in raw) || raw.text.trim() !== '') yield raw;
  }
}
