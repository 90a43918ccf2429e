import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { compactVerify, decodeProtectedHeader } from 'jose';
import { issueLeaf, makeCa } from '../../../test/support/test-ca.ts';
import { AcsSigningIdentity, daysLeft, developmentSigningIdentity, SigningIdentityError } from './signing-identity.ts';

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

  // An RSA leaf issued by a CA, the CA's certificate after it.
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ca = makeCa('CN=Test DS CA,C=JP');
  const rsaCert = issueLeaf(ca, rsa.publicKey, 'CN=rsa leaf,O=test', new Date('2030-01-01T00:00:00Z'));
  const identity = AcsSigningIdentity.fromPem(
    rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    rsaCert + ca.pem,
  );
  assert.equal(identity.alg, 'PS256');
  assert.equal(identity.x5c.length, 2, 'the whole chain goes in x5c, leaf first');
  await compactVerify(await identity.sign({ a: 1 }), rsa.publicKey, { algorithms: ['PS256'] });
});

const DAY = 86_400_000;
const pkcs8 = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }).toString();

test('chain checks: wrong key, wrong order, not signed by the next, expired or not yet valid', () => {
  const now = new Date();
  const root = makeCa('CN=Test DS Root,C=JP');
  const intermediate = makeCa('CN=Test DS Issuing CA,C=JP', { parent: root });
  const leafKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const leaf = issueLeaf(
    intermediate,
    leafKeys.publicKey,
    'CN=acs.example.jp,C=JP',
    new Date(now.getTime() + 90 * DAY),
  );
  const key = pkcs8(leafKeys.privateKey);

  const good = AcsSigningIdentity.fromPem(key, leaf + intermediate.pem + root.pem);
  assert.equal(good.x5c.length, 3);
  good.checkValidity(now);
  assert.deepEqual(
    [good.summary().subject, good.summary().issuer, good.summary().chainLength],
    ['C=JP, CN=acs.example.jp', 'C=JP, CN=Test DS Issuing CA', 3],
  );
  AcsSigningIdentity.fromPem(key, leaf + intermediate.pem); // the root may be left out

  const other = pkcs8(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
  assert.throws(() => AcsSigningIdentity.fromPem(other, leaf + intermediate.pem), /not for the signing key/);
  assert.throws(
    () => AcsSigningIdentity.fromPem(key, leaf + root.pem + intermediate.pem),
    /certificate 1 \(C=JP, CN=acs.example.jp\) is not issued and signed by certificate 2 \(C=JP, CN=Test DS Root\)/,
  );
  const otherRoot = makeCa('CN=Another Root,C=JP');
  assert.throws(
    () => AcsSigningIdentity.fromPem(key, leaf + intermediate.pem + otherRoot.pem),
    /certificate 2 .*not issued and signed by certificate 3/,
  );
  assert.throws(() => AcsSigningIdentity.fromPem(key, intermediate.pem + leaf), /not for the signing key/);
  // Same issuer name, another key: the name matches but the signature does not.
  const impostor = makeCa('CN=Test DS Issuing CA,C=JP', { parent: root });
  assert.throws(
    () => AcsSigningIdentity.fromPem(key, leaf + impostor.pem),
    /certificate 1 .*not issued and signed by certificate 2/,
  );

  const expiredLeaf = issueLeaf(
    intermediate,
    leafKeys.publicKey,
    'CN=old,C=JP',
    new Date(now.getTime() - DAY),
    new Date(now.getTime() - 400 * DAY),
  );
  const expired = AcsSigningIdentity.fromPem(key, expiredLeaf + intermediate.pem);
  assert.throws(() => expired.checkValidity(now), /the ACS signing certificate expired on/);
  assert.ok(daysLeft(expired.certificate.validToDate, now) < 0, 'negative once expired');
  const future = AcsSigningIdentity.fromPem(
    key,
    issueLeaf(
      intermediate,
      leafKeys.publicKey,
      'CN=later,C=JP',
      new Date(now.getTime() + 400 * DAY),
      new Date(now.getTime() + DAY),
    ),
  );
  assert.throws(() => future.checkValidity(now), /not valid before/);
  const oldIntermediate = makeCa('CN=Old Issuing CA,C=JP', { parent: root, notAfter: new Date(now.getTime() - 1000) });
  const underOld = AcsSigningIdentity.fromPem(
    key,
    issueLeaf(oldIntermediate, leafKeys.publicKey, 'CN=x,C=JP', new Date(now.getTime() + 90 * DAY)) +
      oldIntermediate.pem,
  );
  assert.throws(() => underOld.checkValidity(now), /chain certificate 2 \(C=JP, CN=Old Issuing CA\) expired/);
});
