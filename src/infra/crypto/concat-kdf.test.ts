import assert from 'node:assert/strict';
import { test } from 'node:test';
import { concatKdf, emvSessionKey, lengthPrefixed, uint32 } from './concat-kdf.ts';

test('Concat KDF: RFC 7518 Appendix C test vector (ECDH-ES, A128GCM, apu Alice, apv Bob)', () => {
  const z = Buffer.from([
    158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156, 251, 49, 110, 163, 218, 128, 106, 72,
    246, 218, 167, 121, 140, 254, 144, 196,
  ]);
  const otherInfo = Buffer.concat([
    lengthPrefixed(Buffer.from('A128GCM')),
    lengthPrefixed(Buffer.from('Alice')),
    lengthPrefixed(Buffer.from('Bob')),
    uint32(128),
  ]);
  assert.equal(concatKdf(z, 128, otherInfo).toString('base64url'), 'VqqN6vgjbSBcIijNcacQGg');
});

test('Concat KDF: longer keys take further SHA-256 rounds, each block prefix-stable', () => {
  const z = Buffer.alloc(32, 7);
  const other = Buffer.from('info');
  const long = concatKdf(z, 512, other);
  assert.equal(long.length, 64);
  assert.deepEqual(long.subarray(0, 32), concatKdf(z, 256, other));
  assert.throws(() => concatKdf(z, 12, other), RangeError);
});

test('EMV session key: AlgorithmID and PartyUInfo empty, PartyVInfo = sdkReferenceNumber, SuppPubInfo 256', () => {
  const z = Buffer.alloc(32, 0x5a);
  const reference = '3DS_LOA_SDK_TEST_020200_00001';
  const expectedOtherInfo = Buffer.concat([
    Buffer.from('00000000', 'hex'), // AlgorithmID: length 0
    Buffer.from('00000000', 'hex'), // PartyUInfo: length 0
    Buffer.from([0, 0, 0, reference.length]),
    Buffer.from(reference, 'ascii'),
    Buffer.from('00000100', 'hex'), // 256 bits
  ]);
  const key = emvSessionKey(z, reference);
  assert.equal(key.length, 32);
  assert.deepEqual(key, concatKdf(z, 256, expectedOtherInfo));
  assert.notDeepEqual(key, emvSessionKey(z, `${reference}X`), 'the SDK reference number is bound into the key');
});
