/**
 * A minimal DER (ITU-T X.690) encoder: just the types an X.509 certificate needs. Each function returns the
 * complete tag-length-value encoding, so structures are built by nesting calls.
 */

/** Definite-form length: short form below 128, long form (0x80 | byte count, then big-endian bytes) above. */
function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

export function sequence(...items: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

/** SET OF: DER orders the members by their encodings (X.690 §11.6). */
export function setOf(...items: Buffer[]): Buffer {
  return tlv(0x31, Buffer.concat([...items].sort(Buffer.compare)));
}

/** A non-negative INTEGER from big-endian magnitude bytes: minimal, with a 0x00 prefix when the top bit is set. */
export function unsignedInteger(magnitude: Buffer): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const body = trimmed.length === 0 ? Buffer.from([0]) : trimmed;
  return tlv(0x02, (body[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), body]) : body);
}

export function smallInteger(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('smallInteger takes a non-negative integer');
  const bytes: number[] = [];
  for (let n = value; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return unsignedInteger(Buffer.from(bytes));
}

/** OBJECT IDENTIFIER from dotted form: first two arcs as 40·a + b, then base-128 with continuation bits. */
export function objectIdentifier(dotted: string): Buffer {
  const arcs = dotted.split('.').map((a) => {
    if (!/^\d+$/.test(a)) throw new RangeError(`bad OID ${dotted}`);
    return Number(a);
  });
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined || first > 2) throw new RangeError(`bad OID ${dotted}`);
  const bytes: number[] = [];
  for (const arc of [40 * first + second, ...rest]) {
    const groups = [arc % 128];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) groups.unshift((n % 128) | 0x80);
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}

export function boolean(value: boolean): Buffer {
  return tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
}

export function octetString(content: Buffer): Buffer {
  return tlv(0x04, content);
}

/** BIT STRING of whole bytes, or with the given number of unused trailing bits in the last byte. */
export function bitString(content: Buffer, unusedBits = 0): Buffer {
  return tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), content]));
}

export function utf8String(value: string): Buffer {
  return tlv(0x0c, Buffer.from(value, 'utf8'));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, always in UTC with seconds. */
export function time(at: Date): Buffer {
  const iso = at.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const year = at.getUTCFullYear();
  if (year >= 1950 && year < 2050) return tlv(0x17, Buffer.from(digits.slice(2), 'ascii'));
  return tlv(0x18, Buffer.from(digits, 'ascii'));
}

/** [n] EXPLICIT: a constructed context-specific tag around one complete encoding. */
export function explicit(tagNumber: number, inner: Buffer): Buffer {
  if (tagNumber > 30) throw new RangeError('only low tag numbers are supported');
  return tlv(0xa0 | tagNumber, inner);
}

/** PrintableString (X.690 §8.23; the alphabet of X.680 §41.4): countryName must use it (RFC 5280 App. A). */
export function printableString(value: string): Buffer {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value)) throw new RangeError('not a PrintableString');
  return tlv(0x13, Buffer.from(value, 'ascii'));
}

/**
 * [n] IMPLICIT of a constructed type (a SET OF, a SEQUENCE): the context-specific constructed tag replaces the
 * universal one, so it wraps the members' encodings directly (PKCS#10's `attributes [0] IMPLICIT SET OF`).
 */
export function implicitConstructed(tagNumber: number, ...members: Buffer[]): Buffer {
  if (tagNumber > 30) throw new RangeError('only low tag numbers are supported');
  return tlv(0xa0 | tagNumber, Buffer.concat(members));
}
