import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { compactDecrypt, decodeProtectedHeader } from 'jose';

/**
 * The app channel's message protection (EMV 3DS Core Spec §6.2.4): CReq and CRes travel as compact JWE with
 * `alg: dir` under the session key, `kid` = acsTransID. Both content encryptions the spec names are taken in
 * every version: A128CBC-HS256 uses the whole 32-byte key in both directions; A128GCM splits it, bytes 0–15
 * for SDK→ACS and 16–31 for ACS→SDK, with IVs built from the message counters.
 */
const APP_JWE_ENCRYPTIONS = ['A128CBC-HS256', 'A128GCM'] as const;
export type AppJweEncryption = (typeof APP_JWE_ENCRYPTIONS)[number];

export function isAppJweEncryption(value: unknown): value is AppJweEncryption {
  return value === 'A128CBC-HS256' || value === 'A128GCM';
}

export interface JweHeader {
  alg: unknown;
  enc: unknown;
  kid: unknown;
}

/** The protected header of a compact JWE (five dot-separated parts), or undefined when the text is not one. */
export function readJweHeader(text: string): JweHeader | undefined {
  if (text.split('.').length !== 5) return undefined;
  try {
    const header = decodeProtectedHeader(text);
    return { alg: header.alg, enc: header.enc, kid: header.kid };
  } catch {
    return undefined;
  }
}

type Direction = 'sdk-to-acs' | 'acs-to-sdk';

function keyFor(enc: AppJweEncryption, sessionKey: Buffer, direction: Direction): Buffer {
  if (sessionKey.length !== 32) throw new RangeError('the session key is 32 bytes');
  if (enc === 'A128CBC-HS256') return sessionKey;
  return direction === 'sdk-to-acs' ? sessionKey.subarray(0, 16) : sessionKey.subarray(16, 32);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decrypts a CReq. Undefined for anything that does not open under the session key: a wrong key, a
 * tampered part, another algorithm than the header's `enc`, a compressed payload, or text that is not UTF-8.
 */
export async function decryptFromSdk(
  text: string,
  sessionKey: Buffer,
  enc: AppJweEncryption,
): Promise<string | undefined> {
  try {
    const { plaintext } = await compactDecrypt(text, keyFor(enc, sessionKey, 'sdk-to-acs'), {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: [enc],
      maxDecompressedLength: 0,
    });
    return utf8.decode(plaintext);
  } catch {
    return undefined;
  }
}

const b64u = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64url');

/**
 * Encrypts a CRes (or an Erro) for the SDK, in the encryption the CReq used. With A128GCM the IV is
 * 0xFF-filled with acsCounterAtoS in its last byte; each counter value is sent once, so no IV repeats under
 * the key. An Erro has no counter and gets a random IV; A128CBC-HS256 always takes a random one.
 * The SDK reads the IV from the JWE either way.
 */
export function encryptForSdk(
  plaintext: string,
  sessionKey: Buffer,
  enc: AppJweEncryption,
  kid: string,
  acsCounterAtoS: number | undefined,
): string {
  if (acsCounterAtoS !== undefined && (acsCounterAtoS < 0 || acsCounterAtoS > 255)) {
    throw new RangeError('acsCounterAtoS is one byte');
  }
  const header = b64u(JSON.stringify({ alg: 'dir', enc, kid }));
  const aad = Buffer.from(header, 'ascii'); // RFC 7516 §5.1 step 14
  const key = keyFor(enc, sessionKey, 'acs-to-sdk');
  const body = Buffer.from(plaintext, 'utf8');
  if (enc === 'A128GCM') {
    const iv = acsCounterAtoS === undefined ? randomBytes(12) : Buffer.alloc(12, 0xff);
    if (acsCounterAtoS !== undefined) iv[11] = acsCounterAtoS;
    const cipher = createCipheriv('aes-128-gcm', key, iv);
    cipher.setAAD(aad);
    const ciphertext = Buffer.concat([cipher.update(body), cipher.final()]);
    return [header, '', b64u(iv), b64u(ciphertext), b64u(cipher.getAuthTag())].join('.');
  }
  // RFC 7518 §5.2.2.1 AES_128_CBC_HMAC_SHA_256: MAC key first, encryption key second.
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-cbc', key.subarray(16, 32), iv);
  const ciphertext = Buffer.concat([cipher.update(body), cipher.final()]);
  const al = Buffer.alloc(8);
  al.writeBigUInt64BE(BigInt(aad.length * 8));
  const tag = createHmac('sha256', key.subarray(0, 16))
    .update(aad)
    .update(iv)
    .update(ciphertext)
    .update(al)
    .digest()
    .subarray(0, 16);
  return [header, '', b64u(iv), b64u(ciphertext), b64u(tag)].join('.');
}
