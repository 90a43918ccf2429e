import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject, randomBytes, sign, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bitString,
  boolean,
  explicit,
  objectIdentifier,
  octetString,
  sequence,
  smallInteger,
  time,
  unsignedInteger,
} from '../../src/infra/crypto/asn1.ts';
import { encodeName, parseSubject } from '../../src/infra/crypto/csr.ts';
import { certificatePem } from '../../src/infra/crypto/self-signed-cert.ts';

/**
 * A certificate authority made inside a test, standing in for the DS CA: an EC P-256 key and a certificate
 * (self-signed, or issued by a parent CA for an intermediate), able to issue certificates with any dates.
 */
export interface TestCa {
  name: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  pem: string;
  certificate: X509Certificate;
}

const DAY = 86_400_000;

function certificate(input: {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  signer: KeyObject;
  notBefore: Date;
  notAfter: Date;
  ca: boolean;
}): string {
  const signatureAlgorithm = sequence(objectIdentifier('1.2.840.10045.4.3.2'));
  const extensions = input.ca
    ? [
        explicit(
          3,
          sequence(
            sequence(objectIdentifier('2.5.29.19'), boolean(true), octetString(sequence(boolean(true)))),
            sequence(objectIdentifier('2.5.29.15'), boolean(true), octetString(bitString(Buffer.from([0x06]), 1))),
          ),
        ),
      ]
    : [];
  const serial = randomBytes(12);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01;
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    signatureAlgorithm,
    encodeName(parseSubject(input.issuer)),
    sequence(time(input.notBefore), time(input.notAfter)),
    encodeName(parseSubject(input.subject)),
    input.publicKey.export({ type: 'spki', format: 'der' }),
    ...extensions,
  );
  return certificatePem(sequence(tbs, signatureAlgorithm, bitString(sign('sha256', tbs, input.signer))));
}

export function makeCa(name: string, options: { parent?: TestCa; notBefore?: Date; notAfter?: Date } = {}): TestCa {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = certificate({
    subject: name,
    issuer: options.parent?.name ?? name,
    publicKey: keys.publicKey,
    signer: options.parent?.privateKey ?? keys.privateKey,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 3650 * DAY),
    ca: true,
  });
  return { name, ...keys, pem, certificate: new X509Certificate(pem) };
}

/** A leaf certificate for `publicKey`, issued by `ca`, valid from `notBefore` (default yesterday) to `notAfter`. */
export function issueLeaf(
  ca: TestCa,
  publicKey: KeyObject,
  subject: string,
  notAfter: Date,
  notBefore = new Date(Date.now() - DAY),
): string {
  return certificate({ subject, issuer: ca.name, publicKey, signer: ca.privateKey, notBefore, notAfter, ca: false });
}

/** Signs a PEM CSR file with the CA the way an operator's CA would: `openssl x509 -req`, `days` of validity. */
export function signCsrWithOpenssl(ca: TestCa, csrFile: string, days: number, dir: string): string {
  const caCert = join(dir, `ca-${process.pid}.crt`);
  const caKey = join(dir, `ca-${process.pid}.key`);
  writeFileSync(caCert, ca.pem);
  writeFileSync(caKey, ca.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return execFileSync(
    'openssl',
    [
      'x509',
      '-req',
      '-in',
      csrFile,
      '-CA',
      caCert,
      '-CAkey',
      caKey,
      '-set_serial',
      `0x${randomBytes(8).toString('hex')}`,
      '-days',
      String(days),
      '-sha256',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}
