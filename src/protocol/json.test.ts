import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseJsonStrict } from './json.ts';

function duplicatePath(text: string): string | undefined {
  const r = parseJsonStrict(text);
  return !r.ok && r.kind === 'duplicate' ? r.path : undefined;
}

describe('parseJsonStrict', () => {
  test('returns the parsed object', () => {
    assert.deepEqual(parseJsonStrict(' {"a":1,"b":{"c":[1,{"d":null}]}} '), {
      ok: true,
      value: { a: 1, b: { c: [1, { d: null }] } },
    });
  });

  test('anything but one JSON object is a syntax failure', () => {
    for (const text of ['', ' ', '[]', '"x"', '1', 'null', 'true', '{', '{"a":1}}', '{"a":1} x', "{'a':1}", '{"a":}']) {
      assert.deepEqual(parseJsonStrict(text), { ok: false, kind: 'syntax' }, text);
    }
  });

  test('names a repeated member at the top and at any depth, with dotted names', () => {
    assert.equal(duplicatePath('{"a":1,"a":2}'), 'a');
    assert.equal(duplicatePath('{"browserInfo":{"x":1,"y":2,"x":3}}'), 'browserInfo.x');
    assert.equal(duplicatePath('{"a":{"b":{"c":1,"c":1}}}'), 'a.b.c');
    assert.equal(duplicatePath('{"list":[{"id":1},{"id":2,"id":3}]}'), 'list.id');
    assert.equal(duplicatePath('{"m":[[{"k":1,"k":1}]]}'), 'm.k');
  });

  test('keeps the value JSON.parse made of a message with a repeated member', () => {
    const r = parseJsonStrict('{"messageType":"AReq","a":1,"a":2}');
    assert.deepEqual(r, { ok: false, kind: 'duplicate', path: 'a', value: { messageType: 'AReq', a: 2 } });
  });

  test('compares member names after unescaping', () => {
    assert.equal(duplicatePath('{"a":1,"\\u0061":2}'), 'a');
    assert.equal(duplicatePath('{"q\\"":1,"q\\u0022":2}'), 'q"');
  });

  test('is not fooled by quotes, colons, braces or backslashes inside strings', () => {
    for (const text of [
      '{"a":"x:y","b":"{\\"a\\":1}"}',
      '{"a\\\\":1,"a":2}',
      '{"a":"\\\\","b":"\\\\\\"","c":":"}',
      '{"a":{"x":1},"b":{"x":1},"c":[{"x":1},{"x":1}]}',
      '{"":1,"e":{"":2}}',
    ]) {
      assert.equal(parseJsonStrict(text).ok, true, text);
    }
  });

  test('survives nesting far deeper than any message without throwing', () => {
    const depth = 200_000;
    const deep = `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    assert.equal(parseJsonStrict(deep).ok, true);
    const deepDup = `{"a":${'{"b":'.repeat(1000)}{"c":1,"c":2}${'}'.repeat(1000)}}`;
    assert.equal(duplicatePath(deepDup), `a${'.b'.repeat(1000)}.c`);
  });

  test('agrees with JSON.parse on any object without repeated names', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const r = parseJsonStrict(JSON.stringify(value));
        assert.equal(r.ok, true);
        if (r.ok) assert.deepEqual(r.value, JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });

  test('finds a member name repeated inside any object', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), (value, key) => {
        const inner = JSON.stringify({ ...value, [key]: 1 }).slice(1);
        const text = `{"outer":{${JSON.stringify(key)}:0,${inner}}`;
        assert.equal(duplicatePath(text), `outer.${key}`);
      }),
      { numRuns: 500 },
    );
  });

  test('never throws on arbitrary text', () => {
    // JSON punctuation, escapes and a lone surrogate make near-misses far likelier than random text would.
    const unit = fc.constantFrom('{', '}', '[', ']', '"', '\\', ':', ',', ' ', 'a', '1', 'u', 'n', '\uD800', 'é');
    fc.assert(
      fc.property(fc.string({ unit }), fc.string(), (jsonish, text) => {
        parseJsonStrict(`{${jsonish}}`);
        parseJsonStrict(text);
      }),
      { numRuns: 2000 },
    );
  });
});
