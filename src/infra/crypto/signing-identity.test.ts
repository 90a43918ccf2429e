import assert from 'node:assert/strict';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { compactVerify, decodeProtectedHeader } from 'jose';
import { certificatePem, selfSignedCertificate } from './self-signed-cert.ts';
import { AcsSigningIdentity, developmentSigningIdentity, SigningIdentityError } from './signing-identity.ts';

test('the development identity is made once into the data directory and reused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ninsho-signing-'));
  const now = new Date('2026-01-10T00:00:00Z');
  const first = developmentSigningIdentity(dir, now);
  assert.equal(first.generated, true);
  assert.equal(statSync(first.keyPath).mode & 0o777, 0o600, 'the key file is readable by its owner only');
  const cert = new X509Certificate(readFileSync(first.certPath));
  assert.ok(cert.verify(cert.publicKey), 'self-signed');
  assert.ok(cert.validFromDate < now && cert.validToDate > now);
  const again = developmentSigningIdentity(dir, now);
  assert.equal(again.generated, false);
  assert.deepEqual(again.identity.x5c, first.identity.x5c);
  assert.equal(first.identity.alg, 'ES256');

  const jws = await first.identity.sign({ acsURL: 'https://acs.example/3ds/challenge' });
  const header = decodeProtectedHeader(jws);
  assert.deepEqual(header.x5c, [cert.raw.toString('base64')]);
  const { payload } = await compactVerify(jws, cert.publicKey, { algorithms: ['ES256'] });
  assert.deepEqual(JSON.parse(Buffer.from(payload).toString()), { acsURL: 'https://acs.example/3ds/challenge' });
});

test('configured PEM files: RSA signs PS256; a certificate for another key or bad PEM is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ninsho-signing-'));
  const dev = developmentSigningIdentity(dir, new Date());
  const certPem = readFileSync(dev.certPath, 'utf8');
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
  assert.throws(() => AcsSigningIdentity.fromPem(other.toString(), certPem), SigningIdentityError);
  assert.throws(() => AcsSigningIdentity.fromPem('not a key', certPem), SigningIdentityError);
  assert.throws(() => AcsSigningIdentity.fromPem(readFileSync(dev.keyPath, 'utf8'), 'nothing'), SigningIdentityError);
  const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
  assert.throws(() => AcsSigningIdentity.fromPem(p384.toString(), certPem), SigningIdentityError);

  // An RSA leaf (its issuer's signature does not matter here: the chain is the DS CA's business).
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const issuer = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rsaCert = selfSignedCertificate({
    privateKey: issuer.privateKey,
    publicKey: rsa.publicKey,
    commonName: 'rsa leaf',
    organization: 'test',
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2030-01-01T00:00:00Z'),
    serialNumber: Buffer.from([1, 2, 3]),
  });
  const identity = AcsSigningIdentity.fromPem(
    rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    certificatePem(rsaCert) + certPem,
  );
  assert.equal(identity.alg, 'PS256');
  assert.equal(identity.x5c.length, 2, 'the whole chain goes in x5c, leaf first');
  await compactVerify(await identity.sign({ a: 1 }), rsa.publicKey, { algorithms: ['PS256'] });
});
