import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CsrError, certificationRequest, csrPem, encodeName, generateSigningKeyPair, parseSubject } from './csr.ts';

const dir = mkdtempSync(join(tmpdir(), 'ninsho-csr-'));

/** `openssl req` on the PEM: what it prints. */
function openssl(pem: string, ...args: string[]): string {
  const file = join(dir, `r${Math.random().toString(36).slice(2)}.csr`);
  writeFileSync(file, pem);
  const run = spawnSync('openssl', ['req', '-in', file, '-noout', ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`openssl failed: ${run.stderr}`);
  return `${run.stdout}${run.stderr}`;
}

/** openssl checks the self-signature; OpenSSL 3.0 exits 0 either way, so read what it says. */
function opensslVerifies(pem: string): boolean {
  const said = openssl(pem, '-verify');
  assert.match(said, /self-signature verify (OK|failure)/);
  return /verify OK/.test(said);
}

for (const alg of ['ES256', 'PS256'] as const) {
  test(`${alg}: a PKCS#10 request openssl verifies, with the subject and the key asked for`, () => {
    const pair = generateSigningKeyPair(alg);
    const subject = parseSubject('CN=acs.example.jp,OU=3-D Secure,O=株式会社サンプルカード,L=Minato-ku,ST=Tokyo,C=JP');
    const pem = csrPem(certificationRequest({ ...pair, subject, alg }));
    assert.match(pem, /^-----BEGIN CERTIFICATE REQUEST-----\n([A-Za-z0-9+/=]{64}\n)+[A-Za-z0-9+/=]*\n?-----END/);
    assert.equal(opensslVerifies(pem), true);
    const text = openssl(pem, '-text', '-nameopt', 'utf8,sep_comma_plus');
    assert.match(text, /Version: 1 \(0x0\)/, 'version 0');
    assert.match(text, /Subject: C=JP,ST=Tokyo,L=Minato-ku,O=株式会社サンプルカード,OU=3-D Secure,CN=acs\.example\.jp/);
    assert.match(text, /Attributes:\s+\(none\)/);
    if (alg === 'ES256') {
      assert.match(text, /ASN1 OID: prime256v1/);
      assert.match(text, /Signature Algorithm: ecdsa-with-SHA256/);
    } else {
      assert.match(text, /Public-Key: \(2048 bit\)/);
      assert.match(
        text,
        /Signature Algorithm: rsassaPss[\s\S]*Hash Algorithm: sha256[\s\S]*Mask Algorithm: mgf1 with sha256[\s\S]*Salt Length: 0x20/,
      );
    }
    // The public key openssl reads back is the one generated.
    const spki = createPublicKey(openssl(pem, '-pubkey')).export({ type: 'spki', format: 'der' });
    assert.deepEqual(spki, pair.publicKey.export({ type: 'spki', format: 'der' }));
  });
}

test('the signature covers the request: one changed subject byte and openssl refuses it', () => {
  const pair = generateSigningKeyPair('ES256');
  const der = certificationRequest({ ...pair, subject: parseSubject('CN=acs-a'), alg: 'ES256' });
  assert.equal(opensslVerifies(csrPem(der)), true);
  const tampered = Buffer.from(der);
  tampered[tampered.indexOf(Buffer.from('acs-a')) + 4] = 'b'.charCodeAt(0);
  assert.equal(opensslVerifies(csrPem(tampered)), false);
});

test('subjects: RFC 4514 order reversed into the Name, escaped commas, C as PrintableString; bad ones refused', () => {
  assert.deepEqual(parseSubject('CN=a\\,b, O = Org ,C=JP'), [
    { type: 'CN', value: 'a,b' },
    { type: 'O', value: 'Org' },
    { type: 'C', value: 'JP' },
  ]);
  const name = encodeName(parseSubject('CN=x,C=JP'));
  assert.equal(
    name.toString('hex'),
    // SEQUENCE { SET { SEQUENCE { countryName, PrintableString "JP" } }, SET { SEQUENCE { commonName, UTF8String "x" } } }
    '3019310b3009060355040613024a50310a300806035504030c0178',
  );
  for (const bad of [
    'O=no common name',
    'CN=x,C=Japan',
    'CN=x,EMAIL=a@b',
    'CN=',
    'CN=x,junk',
    `CN=${'x'.repeat(65)}`,
  ]) {
    assert.throws(() => parseSubject(bad), CsrError, bad);
  }
  assert.throws(() => generateSigningKeyPair('PS256', 1024), /2048/);
  const ec = generateSigningKeyPair('ES256');
  assert.throws(() => certificationRequest({ ...ec, subject: parseSubject('CN=x'), alg: 'PS256' }), /RSA/);
});
