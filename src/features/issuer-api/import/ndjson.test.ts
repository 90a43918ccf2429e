import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ndjsonLines, type RawLine } from './ndjson.ts';

async function collect(chunks: Uint8Array[], max = 64): Promise<RawLine[]> {
  const out: RawLine[] = [];
  for await (const line of ndjsonLines(chunks, max)) out.push(line);
  return out;
}

test('lines split across chunks are joined; CRLF, blank lines and a last line without a newline', async () => {
  const text = Buffer.from('{"a":1}\r\n\n{"b":"日本"}\n{"c":3}');
  for (const size of [1, 2, 3, 5, 100]) {
    const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) =>
      text.subarray(i * size, i * size + size),
    );
    assert.deepEqual(await collect(chunks), [
      { line: 1, text: '{"a":1}' },
      { line: 3, text: '{"b":"日本"}' },
      { line: 4, text: '{"c":3}' },
    ]);
  }
});

test('a line over the limit and a line that is not UTF-8 are reported, and reading goes on', async () => {
  const long = `{"x":"${'a'.repeat(100)}"}`;
  const bytes = Buffer.concat([
    Buffer.from(`${long}\n`),
    Buffer.from([0x7b, 0xff, 0x7d, 0x0a]),
    Buffer.from('{"ok":true}\n'),
  ]);
  assert.deepEqual(await collect([bytes.subarray(0, 30), bytes.subarray(30)], 64), [
    { line: 1, problem: 'line_too_long' },
    { line: 2, problem: 'invalid_utf8' },
    { line: 3, text: '{"ok":true}' },
  ]);
});
