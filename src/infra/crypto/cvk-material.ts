import { createCipheriv, randomBytes } from 'node:crypto';

/**
 * Clear CVK material during a key ceremony (docs/cavv.md "Keys", docs/operations.md "CAVV key ceremony"): a CVK
 * pair is two single-length DES keys A||B (16 bytes). Components arrive as 32 hex digits (A then B) and the
 * key is their XOR. Nothing here logs or keeps a copy; callers zero the buffers they are done with.
 */

export const CVK_BYTES = 16;
const COMPONENT_HEX = /^[0-9A-Fa-f]{32}$/;

/** 32 hex digits (spaces allowed between groups, any case) → 16 bytes; undefined when it is not that. */
export function parseComponent(text: string): Buffer | undefined {
  const compact = text.replace(/[\s-]/g, '');
  return COMPONENT_HEX.test(compact) ? Buffer.from(compact, 'hex') : undefined;
}

/**
 * Key check value of a DES/3DES key: the key encrypts eight zero bytes and the first 3 bytes of the result
 * are shown as 6 hex digits. A 16-byte key runs as two-key 3DES EDE (`des-ede-ecb`, docs/cavv.md "DES on Node 24").
 */
export function kcv(key: Uint8Array): string {
  if (key.length !== CVK_BYTES) throw new RangeError('a CVK is 16 bytes');
  const cipher = createCipheriv('des-ede-ecb', key, null);
  cipher.setAutoPadding(false);
  const out = Buffer.concat([cipher.update(Buffer.alloc(8)), cipher.final()]);
  const text = out.subarray(0, 3).toString('hex').toUpperCase();
  out.fill(0);
  return text;
}

/** True when every byte has odd parity (the DES convention; DES itself ignores the parity bits). */
export function hasOddParity(key: Uint8Array): boolean {
  return key.every((b) => popcount(b) % 2 === 1);
}

/** Sets each byte's low bit so the byte has odd parity. DES ignores that bit, so the KCV and CAVVs are unchanged. */
export function withOddParity(key: Uint8Array): Buffer {
  const out = Buffer.from(key);
  for (let i = 0; i < out.length; i++) {
    const high = out[i]! & 0xfe;
    out[i] = popcount(high) % 2 === 1 ? high : high | 1;
  }
  return out;
}

/** XOR of the components (each 16 bytes). */
export function combineComponents(components: readonly Uint8Array[]): Buffer {
  const out = Buffer.alloc(CVK_BYTES);
  for (const c of components) {
    if (c.length !== CVK_BYTES) throw new RangeError('a CVK component is 16 bytes');
    for (let i = 0; i < CVK_BYTES; i++) out[i] = out[i]! ^ c[i]!;
  }
  return out;
}

/**
 * A combined key no CVK should be: a half that is all zeros once the parity bits are ignored (components that
 * cancel out, such as the same component entered twice), or A equal to B (3DES would collapse to single DES).
 */
export function weakCvk(key: Uint8Array): boolean {
  const bits = (i: number) => key[i]! & 0xfe;
  let aZero = true;
  let bZero = true;
  let same = true;
  for (let i = 0; i < 8; i++) {
    if (bits(i) !== 0) aZero = false;
    if (bits(i + 8) !== 0) bZero = false;
    if (bits(i) !== bits(i + 8)) same = false;
  }
  return aZero || bZero || same;
}

/** A new CVK from the CSPRNG, odd parity (for issuers that do not bring their own). */
export function generateCvk(): Buffer {
  for (;;) {
    const key = withOddParity(randomBytes(CVK_BYTES));
    if (!weakCvk(key)) return key;
  }
}

function popcount(b: number): number {
  let n = 0;
  for (let v = b; v; v >>= 1) n += v & 1;
  return n;
}
