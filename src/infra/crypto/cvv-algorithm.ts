import { type Cipheriv, createCipheriv } from 'node:crypto';

/**
 * The card verification value method shared by Visa CVV/CVV2/iCVV and the Visa CAVV ("CVV with ATN"):
 * digits packed 4 bits each into a 128-bit block (right-padded with zeros), DES with key A over the left half,
 * XOR with the right half, triple DES (encrypt A, decrypt B, encrypt A) over that, then decimalisation.
 * Described in IBM CCA "CVV and CVC Method" (Figure E-6); see docs/cavv.md for sources and test vectors.
 */

/** Digits in the 128-bit input block. */
const BLOCK_DIGITS = 32;
const DATA_PATTERN = /^\d{1,32}$/;
// des-ede-ecb takes K1||K2 and runs E(K1) D(K2) E(K1); with K1 = K2 that collapses to single DES, which
// OpenSSL 3 keeps only in its legacy provider.
const TDES_2KEY_ECB = 'des-ede-ecb';

export type CvvLength = 3 | 4;

/**
 * Runs the CVV method over up to 32 decimal digits with the CVK halves `keyA` and `keyB` (8 bytes each) and
 * returns the first `length` decimalised digits.
 */
export function cvvAlgorithm(keyA: Uint8Array, keyB: Uint8Array, data: string, length: CvvLength = 3): string {
  return cvvWithKeys(cvvKeys(keyA, keyB), data, length);
}

/**
 * The two ciphers the CVV method runs with (DES with key A as A||A, triple DES with A||B), made once per CVK.
 * Both are ECB without padding and never finalised: ECB encrypts each 8-byte block on its own and `update` returns
 * it at once, so one cipher serves every CVV computed with the key, and a CAVV costs two `update` calls instead of
 * two cipher constructions (about 1 µs against 3.4 µs a block; docs/performance.md).
 */
export interface CvvKeys {
  readonly singleA: Cipheriv;
  readonly pairAB: Cipheriv;
}

export function cvvKeys(keyA: Uint8Array, keyB: Uint8Array): CvvKeys {
  if (keyA.length !== 8 || keyB.length !== 8) throw new RangeError('CVK halves must be 8 bytes each');
  const singleA = Buffer.concat([keyA, keyA]);
  const pairAB = Buffer.concat([keyA, keyB]);
  try {
    return { singleA: blockCipher(singleA), pairAB: blockCipher(pairAB) };
  } finally {
    singleA.fill(0);
    pairAB.fill(0);
  }
}

function blockCipher(key: Uint8Array): Cipheriv {
  const cipher = createCipheriv(TDES_2KEY_ECB, key, null);
  cipher.setAutoPadding(false);
  return cipher;
}

/** `cvvAlgorithm` with keys made by `cvvKeys`. */
export function cvvWithKeys(keys: CvvKeys, data: string, length: CvvLength = 3): string {
  if (!DATA_PATTERN.test(data)) throw new RangeError(`CVV input must be 1-${BLOCK_DIGITS} decimal digits`);
  const block = Buffer.from(data.padEnd(BLOCK_DIGITS, '0'), 'hex');
  try {
    const chained = encryptBlock(keys.singleA, block.subarray(0, 8));
    for (let i = 0; i < 8; i++) chained[i] = chained[i]! ^ block[8 + i]!;
    const result = encryptBlock(keys.pairAB, chained);
    const digits = decimalise(result, length);
    chained.fill(0);
    result.fill(0);
    return digits;
  } finally {
    block.fill(0);
  }
}

/**
 * Visa decimalisation: the 0-9 nibbles left to right, then the A-F nibbles minus 10, left to right;
 * the first `length` of that sequence.
 */
export function decimalise(block: Uint8Array, length: number): string {
  const nibbles: number[] = [];
  for (const byte of block) nibbles.push(byte >> 4, byte & 0x0f);
  let out = '';
  for (const n of nibbles) if (n < 10 && out.length < length) out += String(n);
  for (const n of nibbles) if (n >= 10 && out.length < length) out += String(n - 10);
  return out;
}

/** One 8-byte block through a cipher of `cvvKeys` (ECB: the block comes out of `update` whole). */
function encryptBlock(cipher: Cipheriv, block: Uint8Array): Buffer {
  const out = cipher.update(block);
  if (out.length !== 8) throw new Error('block cipher returned a partial block');
  return out;
}
