import { constants, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import {
  bitString,
  explicit,
  implicitConstructed,
  objectIdentifier,
  printableString,
  sequence,
  setOf,
  smallInteger,
  utf8String,
} from './asn1.ts';
import type { AcsSigningAlgorithm } from './signing-identity.ts';

/** OIDs (RFC 5280 App. A, RFC 5758 §3.2, RFC 4055 §2–3, RFC 5754 §2). */
const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

/** The attribute types a subject may name, by their RFC 4514 short names. */
const ATTRIBUTES: Readonly<Record<string, string>> = {
  CN: '2.5.4.3',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
};

export class CsrError extends Error {}

export interface SubjectAttribute {
  type: string;
  value: string;
}

/**
 * A distinguished name in RFC 4514 string form, `CN=acs.example.jp,O=Example Card,C=JP` (`\,` for a comma in a
 * value). The string lists the most specific RDN first, so the DER Name is that list reversed (RFC 4514 §2.1).
 */
export function parseSubject(text: string): SubjectAttribute[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      current += text[++i];
    } else if (ch === ',') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  const attributes = parts.map((part) => {
    const eq = part.indexOf('=');
    const type = part.slice(0, eq).trim().toUpperCase();
    const value = part.slice(eq + 1).trim();
    if (eq < 0 || !ATTRIBUTES[type]) {
      throw new CsrError(`the subject part "${part.trim()}" is not one of ${Object.keys(ATTRIBUTES).join(', ')}=value`);
    }
    if (value.length === 0 || value.length > 64) throw new CsrError(`the subject's ${type} must be 1 to 64 characters`);
    if (type === 'C' && !/^[A-Z]{2}$/.test(value))
      throw new CsrError('the subject country C must be two capital letters');
    return { type, value };
  });
  if (!attributes.some((a) => a.type === 'CN')) throw new CsrError('the subject needs a CN');
  return attributes;
}

/** The DER Name (RFC 5280 §4.1.2.4): one single-valued RDN per attribute, most general first. */
export function encodeName(attributes: readonly SubjectAttribute[]): Buffer {
  return sequence(
    ...[...attributes].reverse().map(({ type, value }) => {
      const oid = ATTRIBUTES[type];
      if (!oid) throw new CsrError(`unknown subject attribute ${type}`);
      return setOf(sequence(objectIdentifier(oid), type === 'C' ? printableString(value) : utf8String(value)));
    }),
  );
}

/** A fresh signing key pair: EC P-256 for ES256, RSA (2048 bits unless asked for more) for PS256. */
export function generateSigningKeyPair(
  alg: AcsSigningAlgorithm,
  rsaBits = 2048,
): { privateKey: KeyObject; publicKey: KeyObject } {
  if (alg === 'ES256') return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  if (!Number.isInteger(rsaBits) || rsaBits < 2048 || rsaBits > 8192) {
    throw new CsrError('an RSA key must have 2048 to 8192 bits');
  }
  return generateKeyPairSync('rsa', { modulusLength: rsaBits });
}

/**
 * The signature AlgorithmIdentifier: ecdsa-with-SHA256 without parameters (RFC 5758 §3.2), or RSASSA-PSS with
 * SHA-256, MGF1-SHA-256 and a 32-byte salt spelled out (RFC 4055 §3.1; SHA-256 parameters absent, RFC 5754 §2),
 * the same PSS the JWS PS256 signatures use (RFC 7518 §3.5).
 */
function signatureAlgorithm(alg: AcsSigningAlgorithm): Buffer {
  if (alg === 'ES256') return sequence(objectIdentifier(OID.ecdsaWithSha256));
  const sha256 = sequence(objectIdentifier(OID.sha256));
  return sequence(
    objectIdentifier(OID.rsassaPss),
    sequence(
      explicit(0, sha256),
      explicit(1, sequence(objectIdentifier(OID.mgf1), sha256)),
      explicit(2, smallInteger(32)),
    ),
  );
}

/**
 * A PKCS#10 CertificationRequest (RFC 2986 §4), DER: version 0, the subject, the key's SubjectPublicKeyInfo as
 * node exports it, no attributes, signed with the private key (proof of possession for the CA).
 */
export function certificationRequest(input: {
  privateKey: KeyObject;
  publicKey: KeyObject;
  subject: readonly SubjectAttribute[];
  alg: AcsSigningAlgorithm;
}): Buffer {
  const type = input.privateKey.asymmetricKeyType;
  if (input.alg === 'ES256' && (type !== 'ec' || input.privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1')) {
    throw new CsrError('ES256 needs an EC P-256 key');
  }
  if (input.alg === 'PS256' && type !== 'rsa') throw new CsrError('PS256 needs an RSA key');
  const info = sequence(
    smallInteger(0),
    encodeName(input.subject),
    input.publicKey.export({ type: 'spki', format: 'der' }),
    implicitConstructed(0), // attributes: none
  );
  const signature =
    input.alg === 'ES256'
      ? sign('sha256', info, input.privateKey) // DER ECDSA-Sig-Value (RFC 5758 §3.2)
      : sign('sha256', info, { key: input.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  return sequence(info, signatureAlgorithm(input.alg), bitString(signature));
}

/** PEM armour (RFC 7468 §7) of a DER CSR. */
export function csrPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE REQUEST-----\n${lines.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`;
}
