import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  combineComponents,
  generateCvk,
  hasOddParity,
  kcv,
  parseComponent,
  weakCvk,
  withOddParity,
} from './cvk-material.ts';
import { cvvAlgorithm } from './cvv-algorithm.ts';

const hex = (s: string) => Buffer.from(s, 'hex');

test('KCV of the well-known two-key 3DES test key 0123456789ABCDEF FEDCBA9876543210 is 08D7B4', () => {
  // Checked with node crypto (des-ede-ecb over eight zero bytes → 08D7B4FB629D0885).
  assert.equal(kcv(hex('0123456789ABCDEFFEDCBA9876543210')), '08D7B4');
});

test('KCV ignores the parity bits, as DES does', () => {
  assert.equal(kcv(hex('0023456789ABCDEFFEDCBA9876543210')), '08D7B4');
  assert.equal(
    kcv(withOddParity(hex('0022446688AACCEEFEDCBA9876543210'))),
    kcv(hex('0022446688AACCEEFEDCBA9876543210')),
  );
});

test('parseComponent takes 32 hex digits, spaces and dashes between groups, any case; nothing else', () => {
  assert.deepEqual(parseComponent('0123456789abcdef FEDCBA9876543210'), hex('0123456789ABCDEFFEDCBA9876543210'));
  assert.deepEqual(parseComponent('01234567-89ABCDEF-FEDCBA98-76543210\n'), hex('0123456789ABCDEFFEDCBA9876543210'));
  for (const bad of [
    '',
    '0123',
    '0123456789ABCDEFFEDCBA987654321',
    '0123456789ABCDEFFEDCBA98765432100',
    'G'.repeat(32),
  ])
    assert.equal(parseComponent(bad), undefined, bad);
});

test('the key is the XOR of its components; parity is checked and set', () => {
  const a = hex('0123456789ABCDEFFEDCBA9876543210');
  const c1 = hex('11111111111111112222222222222222');
  const c2 = hex('33333333333333334444444444444444');
  const key = combineComponents([a, c1, c2]);
  const expected = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) expected[i] = a[i]! ^ c1[i]! ^ c2[i]!;
  assert.deepEqual(key, expected);
  assert.equal(hasOddParity(a), true);
  assert.equal(hasOddParity(c1), false);
  const odd = withOddParity(key);
  assert.equal(hasOddParity(odd), true);
  for (let i = 0; i < 16; i++) assert.equal(odd[i]! & 0xfe, key[i]! & 0xfe);
  // The CVV method, and so every CAVV, is the same with or without the parity adjustment.
  assert.equal(
    cvvAlgorithm(odd.subarray(0, 8), odd.subarray(8), '41234567890123450000001'),
    cvvAlgorithm(key.subarray(0, 8), key.subarray(8), '41234567890123450000001'),
  );
});

test('weak keys: a half of zeros (components that cancel out) or A = B', () => {
  const c = hex('0123456789ABCDEFFEDCBA9876543210');
  assert.equal(weakCvk(combineComponents([c, c])), true);
  assert.equal(weakCvk(hex('0123456789ABCDEF0123456789ABCDEF')), true);
  assert.equal(weakCvk(hex('0123456789ABCDEF0000000000000000')), true);
  assert.equal(weakCvk(c), false);
});

test('generated CVKs are 16 bytes, odd parity, not weak, and differ', () => {
  const a = generateCvk();
  const b = generateCvk();
  assert.equal(a.length, 16);
  assert.equal(hasOddParity(a), true);
  assert.equal(weakCvk(a), false);
  assert.notDeepEqual(a, b);
});
