import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { CompactEncrypt, compactDecrypt } from 'jose';
import { type AppJweEncryption, decryptFromSdk, encryptForSdk, readJweHeader } from './app-jwe.ts';

const kid = '8a3c37a5-2ef1-4a47-9c1c-3f2b1d0b4c11';

for (const enc of ['A128CBC-HS256', 'A128GCM'] as AppJweEncryption[]) {
  test(`${enc}: a CRes we encrypt opens with the SDK's key (GCM: bytes 16–31) and names the transaction`, async () => {
    const key = randomBytes(32);
    const jwe = encryptForSdk('{"messageType":"CRes"}', key, enc, kid, 7);
    for (const part of jwe.split('.')) assert.doesNotMatch(part, /[=+/]/, 'base64url without padding');
    const sdkKey = enc === 'A128GCM' ? key.subarray(16) : key;
    const { plaintext, protectedHeader } = await compactDecrypt(jwe, sdkKey);
    assert.equal(Buffer.from(plaintext).toString(), '{"messageType":"CRes"}');
    assert.deepEqual(protectedHeader, { alg: 'dir', enc, kid });
    if (enc === 'A128GCM') {
      assert.equal(Buffer.from(jwe.split('.')[2] ?? '', 'base64url').toString('hex'), `${'ff'.repeat(11)}07`);
    }
    assert.throws(() => encryptForSdk('{}', key, enc, kid, 256), RangeError);
  });

  test(`${enc}: a CReq from the SDK (GCM: bytes 0–15) decrypts; anything else does not`, async () => {
    const key = randomBytes(32);
    const sdkKey = enc === 'A128GCM' ? key.subarray(0, 16) : key;
    const jwe = await new CompactEncrypt(Buffer.from('{"a":1}'))
      .setProtectedHeader({ alg: 'dir', enc, kid })
      .encrypt(sdkKey);
    assert.deepEqual(readJweHeader(jwe), { alg: 'dir', enc, kid });
    assert.equal(await decryptFromSdk(jwe, key, enc), '{"a":1}');
    assert.equal(await decryptFromSdk(jwe, randomBytes(32), enc), undefined, 'another key');
    const other: AppJweEncryption = enc === 'A128GCM' ? 'A128CBC-HS256' : 'A128GCM';
    assert.equal(await decryptFromSdk(jwe, key, other), undefined, 'another enc than the one allowed');
    const zipped = await new CompactEncrypt(Buffer.from('{"a":1}'))
      .setProtectedHeader({ alg: 'dir', enc, kid, zip: 'DEF' })
      .encrypt(sdkKey);
    assert.equal(await decryptFromSdk(zipped, key, enc), undefined, 'compressed payloads are refused');
  });
}

test('readJweHeader: only five-part compact JWEs with a JSON header', () => {
  assert.equal(readJweHeader('a.b.c'), undefined);
  assert.equal(readJweHeader('!!!.b.c.d.e'), undefined);
  assert.equal(readJweHeader(''), undefined);
});
