import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { certificatePem, selfSignedCertificate } from './self-signed-cert.ts';

test('the self-signed certificate parses as X.509 v3, verifies under its own key and matches it', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const serialNumber = Buffer.concat([Buffer.from([0x1f]), randomBytes(15)]);
  const der = selfSignedCertificate({
    privateKey,
    publicKey,
    commonName: 'ninsho ACS test',
    organization: 'ninsho',
    notBefore: new Date('2025-11-25T00:00:00Z'),
    notAfter: new Date('2051-01-01T00:00:00Z'), // after 2049: GeneralizedTime
    serialNumber,
  });
  const cert = new X509Certificate(der);
  assert.equal(cert.subject, 'O=ninsho\nCN=ninsho ACS test');
  assert.equal(cert.issuer, cert.subject);
  assert.equal(cert.serialNumber.toLowerCase(), serialNumber.toString('hex'));
  assert.equal(cert.validFromDate.toISOString(), '2025-11-25T00:00:00.000Z');
  assert.equal(cert.validToDate.toISOString(), '2051-01-01T00:00:00.000Z');
  assert.equal(cert.ca, false);
  assert.ok(cert.verify(publicKey), 'the signature over the TBSCertificate verifies');
  assert.ok(cert.checkPrivateKey(privateKey));
  assert.deepEqual(new X509Certificate(certificatePem(der)).raw, der, 'the PEM armour round-trips');
});

test('the builder refuses keys it cannot sign with and bad serial numbers', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const base = {
    commonName: 'x',
    organization: 'y',
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2026-01-01T00:00:00Z'),
  };
  assert.throws(() => selfSignedCertificate({ ...base, ...rsa, serialNumber: Buffer.from([1]) }), RangeError);
  assert.throws(() => selfSignedCertificate({ ...base, ...ec, serialNumber: Buffer.alloc(21, 1) }), RangeError);
});
