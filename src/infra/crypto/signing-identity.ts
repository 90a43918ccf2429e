import { createPrivateKey, generateKeyPairSync, type KeyObject, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompactSign } from 'jose';
import { certificatePem, selfSignedCertificate } from './self-signed-cert.ts';

/** JWS algorithms the app channel allows for acsSignedContent (EMV 3DS Core Spec §6.2.3.2). */
export type AcsSigningAlgorithm = 'ES256' | 'PS256';

export class SigningIdentityError extends Error {}

/**
 * The ACS's signing key and certificate chain: it signs `acsSignedContent` in every app-channel ARes with a
 * challenge, the chain going out in the JWS `x5c` header so the SDK can check it against the DS root.
 * Parsed once at start; the private key never leaves this object.
 */
export class AcsSigningIdentity {
  readonly #key: KeyObject;

  private constructor(
    readonly alg: AcsSigningAlgorithm,
    /** The chain, leaf first, each certificate as standard base64 of its DER (RFC 7515 §4.1.6). */
    readonly x5c: readonly string[],
    readonly certificate: X509Certificate,
    key: KeyObject,
  ) {
    this.#key = key;
  }

  /** From PEM texts: a private key (PKCS#8, SEC1 or PKCS#1) and one or more certificates, the leaf first. */
  static fromPem(keyPem: string, certPem: string): AcsSigningIdentity {
    let key: KeyObject;
    try {
      key = createPrivateKey(keyPem);
    } catch {
      throw new SigningIdentityError('the signing key is not a readable PEM private key');
    }
    const blocks = certPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    let chain: X509Certificate[];
    try {
      chain = blocks.map((pem) => new X509Certificate(pem));
    } catch {
      throw new SigningIdentityError('the certificate file holds a certificate that cannot be read');
    }
    const leaf = chain[0];
    if (!leaf) throw new SigningIdentityError('the certificate file holds no PEM certificate');
    if (!leaf.checkPrivateKey(key)) throw new SigningIdentityError('the first certificate is not for the signing key');
    return new AcsSigningIdentity(
      algorithmFor(key),
      chain.map((c) => c.raw.toString('base64')),
      leaf,
      key,
    );
  }

  /** Compact JWS of the JSON payload, protected header `{ alg, x5c }`. */
  sign(payload: Record<string, unknown>): Promise<string> {
    return new CompactSign(Buffer.from(JSON.stringify(payload), 'utf8'))
      .setProtectedHeader({ alg: this.alg, x5c: [...this.x5c] })
      .sign(this.#key);
  }
}

function algorithmFor(key: KeyObject): AcsSigningAlgorithm {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') return 'ES256';
  if ((key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') && (details?.modulusLength ?? 0) >= 2048)
    return 'PS256';
  throw new SigningIdentityError('the signing key must be EC P-256 (ES256) or RSA of at least 2048 bits (PS256)');
}

export function readSigningIdentityFiles(keyFile: string, certFile: string): AcsSigningIdentity {
  const read = (path: string, what: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      throw new SigningIdentityError(`cannot read the ${what} file ${path}`);
    }
  };
  return AcsSigningIdentity.fromPem(read(keyFile, 'signing key'), read(certFile, 'signing certificate'));
}

export interface DevelopmentIdentity {
  identity: AcsSigningIdentity;
  generated: boolean;
  keyPath: string;
  certPath: string;
}

const DEV_VALIDITY_MS = 5 * 365 * 86_400_000;

/**
 * Development only (config refuses this in production): a P-256 key and a self-signed certificate made once
 * into the data directory and reused at every start. It chains to no DS root, so only test SDKs accept it.
 */
export function developmentSigningIdentity(dataDir: string, now: Date): DevelopmentIdentity {
  const keyPath = join(dataDir, 'acs-signing.key');
  const certPath = join(dataDir, 'acs-signing.crt');
  if (existsSync(keyPath) && existsSync(certPath)) {
    return { identity: readSigningIdentityFiles(keyPath, certPath), generated: false, keyPath, certPath };
  }
  mkdirSync(dataDir, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const serialNumber = randomBytes(16);
  serialNumber[0] = ((serialNumber[0] ?? 0) & 0x7f) | 0x01; // positive and 16 bytes long
  const der = selfSignedCertificate({
    privateKey,
    publicKey,
    commonName: 'ninsho ACS development signing key',
    organization: 'ninsho (self-signed, development only)',
    notBefore: new Date(now.getTime() - 86_400_000),
    notAfter: new Date(now.getTime() + DEV_VALIDITY_MS),
    serialNumber,
  });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // Written aside and renamed, so another node starting on the same directory never reads half a file.
  writeAtomically(keyPath, keyPem, 0o600);
  writeAtomically(certPath, certificatePem(der), 0o644);
  return { identity: AcsSigningIdentity.fromPem(keyPem, certificatePem(der)), generated: true, keyPath, certPath };
}

function writeAtomically(path: string, text: string, mode: number): void {
  const aside = `${path}.${process.pid}.tmp`;
  writeFileSync(aside, text, { mode });
  renameSync(aside, path);
}
