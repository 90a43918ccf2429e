import { createHash } from 'node:crypto';

/** A 32-bit big-endian integer, as Concat KDF encodes counters and SuppPubInfo. */
export function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}

/** Datalen || Data: a field of OtherInfo with its 32-bit length prefix (RFC 7518 §4.6.2). */
export function lengthPrefixed(data: Buffer): Buffer {
  return Buffer.concat([uint32(data.length), data]);
}

/**
 * The single-step key derivation of NIST SP 800-56A §5.8.1 ("Concat KDF") with SHA-256: the hashes of
 * counter || Z || OtherInfo for counter 1, 2, … are concatenated and cut to `keyBits`.
 */
export function concatKdf(sharedSecret: Buffer, keyBits: number, otherInfo: Buffer): Buffer {
  if (keyBits <= 0 || keyBits % 8 !== 0) throw new RangeError('keyBits must be a positive multiple of 8');
  const rounds = Math.ceil(keyBits / 256);
  const blocks: Buffer[] = [];
  for (let counter = 1; counter <= rounds; counter++) {
    blocks.push(createHash('sha256').update(uint32(counter)).update(sharedSecret).update(otherInfo).digest());
  }
  return Buffer.concat(blocks).subarray(0, keyBits / 8);
}

const SESSION_KEY_BITS = 256;

/**
 * The SDK–ACS session key (EMV 3DS Core Spec §6.2.3, the same on the SDK's and the ACS's side):
 * Concat KDF with SHA-256 over the ECDH secret, 256 bits, AlgorithmID and PartyUInfo empty (length 0),
 * PartyVInfo = the AReq's sdkReferenceNumber, SuppPubInfo = the key length in bits, no SuppPrivInfo.
 */
export function emvSessionKey(sharedSecret: Buffer, sdkReferenceNumber: string): Buffer {
  const otherInfo = Buffer.concat([
    lengthPrefixed(Buffer.alloc(0)), // AlgorithmID
    lengthPrefixed(Buffer.alloc(0)), // PartyUInfo
    lengthPrefixed(Buffer.from(sdkReferenceNumber, 'utf8')), // PartyVInfo
    uint32(SESSION_KEY_BITS), // SuppPubInfo
  ]);
  return concatKdf(sharedSecret, SESSION_KEY_BITS, otherInfo);
}
