import assert from 'node:assert/strict';
import { createPublicKey, diffieHellman, generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { agreeSessionKey, readSdkEphemPubKey } from './app-session.ts';
import { emvSessionKey } from './concat-kdf.ts';

function sdkKeyPair() {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = pair.publicKey.export({ format: 'jwk' });
  return { ...pair, jwk: { kty, crv, x: String(x), y: String(y) } };
}

test('readSdkEphemPubKey takes EC P-256 points on the curve and nothing else', () => {
  const { jwk } = sdkKeyPair();
  assert.ok(readSdkEphemPubKey(jwk));
  assert.deepEqual(readSdkEphemPubKey({ ...jwk, d: 'ignored', kid: 'x' })?.jwk, jwk, 'only kty/crv/x/y are kept');
  const y = Buffer.from(jwk.y, 'base64url');
  y[31] = (y[31] ?? 0) ^ 1;
  assert.equal(readSdkEphemPubKey({ ...jwk, y: y.toString('base64url') }), undefined, 'off the curve');
  assert.equal(readSdkEphemPubKey({ ...jwk, crv: 'P-384' }), undefined);
  assert.equal(readSdkEphemPubKey({ ...jwk, kty: 'RSA' }), undefined);
  assert.equal(readSdkEphemPubKey({ ...jwk, x: jwk.x.slice(1) }), undefined, 'not 32 bytes');
  assert.equal(readSdkEphemPubKey({ ...jwk, x: `${jwk.x}=` }), undefined);
  assert.equal(readSdkEphemPubKey('{"kty":"EC"}'), undefined);
  assert.equal(readSdkEphemPubKey(null), undefined);
});

test('both sides derive the same session key from the ACS ephemeral key and the SDK key', () => {
  const sdk = sdkKeyPair();
  const parsed = readSdkEphemPubKey(sdk.jwk);
  assert.ok(parsed);
  const acs = agreeSessionKey(parsed.key, 'SDK-REF-1');
  assert.equal(acs.sessionKey.length, 32);
  const z = diffieHellman({
    privateKey: sdk.privateKey,
    publicKey: createPublicKey({ key: { ...acs.acsEphemPubKey }, format: 'jwk' }),
  });
  assert.deepEqual(emvSessionKey(z, 'SDK-REF-1'), acs.sessionKey);
  assert.notDeepEqual(agreeSessionKey(parsed.key, 'SDK-REF-1').acsEphemPubKey, acs.acsEphemPubKey, 'fresh per AReq');
});
