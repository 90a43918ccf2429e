import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffCounts, foldUnchanged, lineDiff } from './diff.ts';

const render = (before: string, after: string) =>
  lineDiff(before, after).map((l) => `${l.op === 'add' ? '+' : l.op === 'del' ? '-' : ' '}${l.text}`);

test('identical texts: every line unchanged', () => {
  assert.deepEqual(render('a\nb', 'a\nb'), [' a', ' b']);
});

test('a changed line is one removal and one addition in place', () => {
  assert.deepEqual(render('a\nb\nc', 'a\nB\nc'), [' a', '-b', '+B', ' c']);
});

test('insertions and deletions anywhere, common lines kept', () => {
  assert.deepEqual(render('1\n2\n3\n4\n5', '0\n1\n3\n4\nx\n5\n6'), ['+0', ' 1', '-2', ' 3', ' 4', '+x', ' 5', '+6']);
});

test('empty sides and CRLF line ends', () => {
  assert.deepEqual(render('', 'a\nb'), ['+a', '+b']);
  assert.deepEqual(render('a\r\nb', ''), ['-a', '-b']);
  assert.deepEqual(render('a\r\nb', 'a\nb'), [' a', ' b']);
});

test('the diff is minimal on a reordering (LCS)', () => {
  const lines = lineDiff('a\nb\nc\nd', 'b\nc\nd\na');
  assert.deepEqual(diffCounts(lines), { added: 1, removed: 1 });
});

test('long unchanged runs fold, keeping two lines of context around each change', () => {
  const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
  const after = before.replace('line 10', 'LINE 10');
  const folded = foldUnchanged(lineDiff(before, after));
  assert.deepEqual(
    folded.map((h) => (h.op === 'skip' ? `…${h.count}` : `${h.op}:${h.text}`)),
    ['…8', 'same:line 8', 'same:line 9', 'del:line 10', 'add:LINE 10', 'same:line 11', 'same:line 12', '…7'],
  );
});
