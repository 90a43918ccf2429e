import { createHash, type KeyObject, sign } from 'node:crypto';
import {
  bitString,
  boolean,
  explicit,
  objectIdentifier,
  octetString,
  sequence,
  setOf,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
} from './asn1.ts';

/** OIDs used below (RFC 5280, RFC 5758 §3.2). */
const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
} as const;

export interface SelfSignedCertificateInput {
  /** An EC P-256 key pair: the certificate is signed with ecdsa-with-SHA256. */
  privateKey: KeyObject;
  publicKey: KeyObject;
  commonName: string;
  organization: string;
  notBefore: Date;
  notAfter: Date;
  /** Positive serial number, at most 20 bytes (RFC 5280 §4.1.2.2). */
  serialNumber: Buffer;
}

function name(commonName: string, organization: string): Buffer {
  const attribute = (oid: string, value: string) => setOf(sequence(objectIdentifier(oid), utf8String(value)));
  return sequence(attribute(OID.organization, organization), attribute(OID.commonName, commonName));
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value));
}

/**
 * A self-signed end-entity X.509 v3 certificate (RFC 5280 §4.1), DER. Used only for the development ACS
 * signing identity: a real one is issued by the card scheme's DS CA and configured by file.
 */
export function selfSignedCertificate(input: SelfSignedCertificateInput): Buffer {
  const details = input.privateKey.asymmetricKeyDetails;
  if (input.privateKey.asymmetricKeyType !== 'ec' || details?.namedCurve !== 'prime256v1') {
    throw new RangeError('the certificate builder signs with EC P-256 keys only');
  }
  if (input.serialNumber.length === 0 || input.serialNumber.length > 20) throw new RangeError('bad serial number');
  const spki = input.publicKey.export({ type: 'spki', format: 'der' });
  // subjectPublicKey bits of the SPKI: the last BIT STRING, 65 bytes uncompressed point plus the unused-bits byte.
  const keyId = createHash('sha1')
    .update(spki.subarray(spki.length - 65))
    .digest();
  const signatureAlgorithm = sequence(objectIdentifier(OID.ecdsaWithSha256));
  const subject = name(input.commonName, input.organization);
  const extensions = sequence(
    extension(OID.basicConstraints, true, sequence()), // cA FALSE (the default, so left out)
    extension(OID.keyUsage, true, bitString(Buffer.from([0x80]), 7)), // digitalSignature only
    extension(OID.subjectKeyIdentifier, false, octetString(keyId)),
  );
  const tbsCertificate = sequence(
    explicit(0, smallInteger(2)), // v3
    unsignedInteger(input.serialNumber),
    signatureAlgorithm,
    subject, // issuer = subject: self-signed
    sequence(time(input.notBefore), time(input.notAfter)),
    subject,
    spki,
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbsCertificate, input.privateKey); // DER ECDSA-Sig-Value, as X.509 wants
  return sequence(tbsCertificate, signatureAlgorithm, bitString(signature));
}

/** PEM armour (RFC 7468) of one DER certificate. */
export function certificatePem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
