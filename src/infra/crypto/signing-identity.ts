import { createPrivateKey, generateKeyPairSync, type KeyObject, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompactSign } from 'jose';
import { certificatePem, selfSignedCertificate } from './self-signed-cert.ts';

/** JWS algorithms the app channel allows for acsSignedContent (EMV 3DS Core Spec §6.2.3.2). */
export type AcsSigningAlgorithm = 'ES256' | 'PS256';

export class SigningIdentityError extends Error {}

/** What signs acsSignedContent: one identity, or the rolling holder that always signs with the current one. */
export interface AcsSigner {
  sign(payload: Record<string, unknown>): Promise<string>;
}

/** What an operator and the metrics are told about the leaf certificate (no key material). */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  serialNumber: string;
  /** SHA-256 fingerprint of the DER, colon-separated hex (as openssl prints it). */
  fingerprint256: string;
  notBefore: Date;
  notAfter: Date;
  alg: AcsSigningAlgorithm;
  chainLength: number;
}

const DAY_MS = 86_400_000;

/** Whole days left until notAfter, rounded down (negative once expired). */
export function daysLeft(notAfter: Date, now: Date): number {
  return Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
}

/**
 * The ACS's signing key and certificate chain: it signs `acsSignedContent` in every app-channel ARes with a
 * challenge, the chain going out in the JWS `x5c` header so the SDK can check it against the DS root.
 * Immutable, and the private key never leaves it: a roll builds a new one (signing-rotation.ts swaps them).
 */
export class AcsSigningIdentity implements AcsSigner {
  readonly #key: KeyObject;

  private constructor(
    readonly alg: AcsSigningAlgorithm,
    /** The chain, leaf first, each certificate as standard base64 of its DER (RFC 7515 §4.1.6). */
    readonly x5c: readonly string[],
    readonly certificate: X509Certificate,
    key: KeyObject,
    /** The whole chain, leaf first. */
    readonly chain: readonly X509Certificate[],
  ) {
    this.#key = key;
  }

  /**
   * From PEM texts: a private key (PKCS#8, SEC1 or PKCS#1) and one or more certificates, the leaf first, each
   * issued and signed by the next (the last may be an intermediate under the DS root, or the root itself).
   * Validity dates are checked separately (`checkValidity`): at start an expired leaf only refuses in production.
   */
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
    const alg = algorithmFor(key);
    for (let i = 0; i + 1 < chain.length; i++) {
      const [child, parent] = [chain[i] as X509Certificate, chain[i + 1] as X509Certificate];
      if (!child.checkIssued(parent) || !child.verify(parent.publicKey)) {
        const which = `certificate ${i + 1} (${oneLine(child.subject)})`;
        const next = `certificate ${i + 2} (${oneLine(parent.subject)})`;
        throw new SigningIdentityError(
          `the chain is not in order: ${which} is not issued and signed by ${next}; list the ACS certificate first, then each issuer`,
        );
      }
    }
    return new AcsSigningIdentity(
      alg,
      chain.map((c) => c.raw.toString('base64')),
      leaf,
      key,
      chain,
    );
  }

  /** Subject, issuer, serial, dates of the leaf. */
  summary(): CertificateSummary {
    const c = this.certificate;
    return {
      subject: oneLine(c.subject),
      issuer: oneLine(c.issuer),
      serialNumber: c.serialNumber,
      fingerprint256: c.fingerprint256,
      notBefore: c.validFromDate,
      notAfter: c.validToDate,
      alg: this.alg,
      chainLength: this.chain.length,
    };
  }

  /**
   * Throws unless every certificate of the chain is valid at `now`: an expired or not-yet-valid leaf, or an
   * intermediate past its dates, would make every SDK refuse acsSignedContent.
   */
  checkValidity(now: Date): void {
    this.chain.forEach((c, i) => {
      const what = i === 0 ? 'the ACS signing certificate' : `chain certificate ${i + 1} (${oneLine(c.subject)})`;
      if (c.validToDate.getTime() <= now.getTime())
        throw new SigningIdentityError(`${what} expired on ${c.validToDate.toISOString()}`);
      if (c.validFromDate.getTime() > now.getTime())
        throw new SigningIdentityError(`${what} is not valid before ${c.validFromDate.toISOString()}`);
    });
  }

  /** Compact JWS of the JSON payload, protected header `{ alg, x5c }`. */
  sign(payload: Record<string, unknown>): Promise<string> {
    return new CompactSign(Buffer.from(JSON.stringify(payload), 'utf8'))
      .setProtectedHeader({ alg: this.alg, x5c: [...this.x5c] })
      .sign(this.#key);
  }
}

/** node prints a Name one attribute a line, most general first; one line reads better in logs and the CLI. */
function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
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

/**
 * A certificate serial as logs show it: hex bytes joined by colons (`F2:9D:5C:…`), the usual display, which the
 * log scrubber (src/infra/crypto/mask.ts) leaves whole; a bare hex serial can hold a six-digit run it would mask.
 */
export function serialForLog(serialNumber: string): string {
  const hex = serialNumber.length % 2 === 1 ? `0${serialNumber}` : serialNumber;
  return (hex.match(/../g) ?? []).join(':');
}
