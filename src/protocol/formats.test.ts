import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatCheck, lengthWithin, numericRangeTest, rangeListTest, truncate } from './formats.ts';

describe('lengths count characters, not UTF-16 units', () => {
  test('lengthWithin', () => {
    assert.equal(lengthWithin('abc', 1, 3), true);
    assert.equal(lengthWithin('abcd', 1, 3), false);
    assert.equal(lengthWithin('', 1, 3), false);
    assert.equal(lengthWithin('😀😀😀', 1, 3), true, 'three code points, six units');
    assert.equal(lengthWithin('😀😀😀😀', 1, 3), false);
    assert.equal(lengthWithin('😀', 2, 2), false);
  });

  test('truncate never splits a surrogate pair', () => {
    assert.equal(truncate('abcdef', 4), 'abcd');
    assert.equal(truncate('ab😀cd', 3), 'ab😀');
    assert.equal(truncate('short', 10), 'short');
  });
});

describe('reserved ranges and numeric ranges', () => {
  test('lists with single codes and spans', () => {
    const reserved = rangeListTest(['01-04,06,07,09,12-78', '80-99']);
    for (const code of ['01', '04', '06', '07', '09', '12', '78', '80', '99']) assert.equal(reserved(code), true, code);
    for (const code of ['05', '08', '10', '11', '79', '1', '100', 'a1', '']) assert.equal(reserved(code), false, code);
  });

  test('an unreadable range stops at load', () => {
    assert.throws(() => rangeListTest(['8-99']));
    assert.throws(() => rangeListTest(['x']));
  });

  test('numeric ranges need digits', () => {
    const timeout = numericRangeTest(['05', '99']);
    assert.equal(timeout('05'), true);
    assert.equal(timeout('04'), false);
    assert.equal(timeout('+9'), false);
    assert.equal(timeout('1e1'), false);
  });
});

describe('formats from fields.json', () => {
  const cases: Record<string, { ok: string[]; invalid: string[]; iso?: string[] }> = {
    uuid: { ok: ['8a880dc0-d2d2-4067-bcb1-b08d1690b26e'], invalid: ['8a880dc0d2d24067bcb1b08d1690b26e', ''] },
    url: {
      ok: ['https://a.example/x?y#z', 'http://10.0.0.1:8443'],
      invalid: ['a.example/x', 'https://', 'https://a b'],
    },
    email: { ok: ['taro@example.jp', 'a+b@x'], invalid: ['taro', '@x', 'a@', 'a b@x'] },
    ip: { ok: ['203.0.113.42', '2001:db8::1f'], invalid: ['256.1.1.1', 'example.org'] },
    countryCode: { ok: ['392', '840'], invalid: ['39', 'JPN'], iso: ['901', '999'] },
    currency: { ok: ['392', '978'], invalid: ['JPY'], iso: ['955', '964', '999'] },
    counter3: { ok: ['000', '255'], invalid: ['256', '1', '0001'] },
    yyyymmdd: { ok: ['20240229', '20251231'], invalid: ['20250229', '20250431', '20251301', '2025123'] },
    yyyymmddhhmmss: { ok: ['20251125101530'], invalid: ['20251125241530', '20250230101530'] },
    yymm: { ok: ['2812'], invalid: ['2813'] },
    base64url: { ok: ['abc-_'], invalid: ['ab=', 'a+b'] },
    base64: { ok: ['f/2zVo4vVhkFmYQzAhNmaZaO+Dk='], invalid: ['a_b'] },
    jws: { ok: ['a.b.c'], invalid: ['a.b', 'a..c'] },
  };
  for (const [name, { ok, invalid, iso = [] }] of Object.entries(cases)) {
    test(name, () => {
      const check = formatCheck(name);
      for (const v of ok) assert.equal(check(v), 'ok', v);
      for (const v of invalid) assert.equal(check(v), 'invalid', v);
      for (const v of iso) assert.equal(check(v), 'iso', v);
    });
  }

  test('an unknown format name stops at load', () => {
    assert.throws(() => formatCheck('no-such-format'));
  });
});
