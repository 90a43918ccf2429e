/**
 * How a text travels as SMS: GSM 03.38 7-bit when every character is in the default alphabet
 * (or its extension table), UCS-2 otherwise. Japanese always ends up in UCS-2.
 */

export type SmsEncoding = 'gsm7' | 'ucs2';

/** Units per message: septets for GSM-7, UTF-16 code units for UCS-2 (3GPP TS 23.040 §9.2.3.24.1). */
const SINGLE_SEGMENT_UNITS: Readonly<Record<SmsEncoding, number>> = { gsm7: 160, ucs2: 70 };
/** A concatenated part loses 6 octets to the UDH: 153 septets or 67 UCS-2 units. */
const CONCATENATED_PART_UNITS: Readonly<Record<SmsEncoding, number>> = { gsm7: 153, ucs2: 67 };

/** SMPP data_coding values (SMPP 3.4 §5.2.19). */
const DATA_CODING: Readonly<Record<SmsEncoding, number>> = { gsm7: 0x00, ucs2: 0x08 };

// 3GPP TS 23.038 §6.2.1 default alphabet, in code order; 0x1B is the escape to the extension table.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_ESCAPE = 0x1b;
const GSM_EXTENSION: ReadonlyMap<string, number> = new Map([
  ['\f', 0x0a],
  ['^', 0x14],
  ['{', 0x28],
  ['}', 0x29],
  ['\\', 0x2f],
  ['[', 0x3c],
  ['~', 0x3d],
  [']', 0x3e],
  ['|', 0x40],
  ['€', 0x65],
]);
const GSM_BASIC_CODES: ReadonlyMap<string, number> = new Map(
  [...GSM_BASIC].flatMap((char, code) => (code === GSM_ESCAPE ? [] : [[char, code] as const])),
);

/** Septets a character takes in GSM-7, or undefined when it is outside the alphabet. */
function gsmSeptets(char: string): 1 | 2 | undefined {
  if (GSM_BASIC_CODES.has(char)) return 1;
  if (GSM_EXTENSION.has(char)) return 2;
  return undefined;
}

export function smsEncodingFor(text: string): SmsEncoding {
  for (const char of text) {
    if (gsmSeptets(char) === undefined) return 'ucs2';
  }
  return 'gsm7';
}

export interface SmsLayout {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

/** Segments the handset will receive; parts never split an escape pair or a surrogate pair. */
export function smsLayout(text: string): SmsLayout {
  const encoding = smsEncodingFor(text);
  const sizes = [...text].map((char) => (encoding === 'gsm7' ? (gsmSeptets(char) ?? 1) : char.length));
  const units = sizes.reduce((sum, size) => sum + size, 0);
  if (units === 0) return { encoding, units, segments: 1 };
  if (units <= SINGLE_SEGMENT_UNITS[encoding]) return { encoding, units, segments: 1 };
  const perPart = CONCATENATED_PART_UNITS[encoding];
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > perPart) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { encoding, units, segments };
}

/** GSM-7 unpacked, one septet per octet, as SMPP carries it with data_coding 0. */
export function encodeGsm7(text: string): Buffer {
  const out: number[] = [];
  for (const char of text) {
    const basic = GSM_BASIC_CODES.get(char);
    if (basic !== undefined) {
      out.push(basic);
      continue;
    }
    const extended = GSM_EXTENSION.get(char);
    if (extended === undefined) throw new RangeError('text is not representable in GSM-7');
    out.push(GSM_ESCAPE, extended);
  }
  return Buffer.from(out);
}

/** UCS-2 as the network means it in practice: UTF-16 big-endian (surrogate pairs pass through). */
export function encodeUcs2(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

export function encodeSmsText(text: string): { encoding: SmsEncoding; dataCoding: number; bytes: Buffer } {
  const encoding = smsEncodingFor(text);
  const bytes = encoding === 'gsm7' ? encodeGsm7(text) : encodeUcs2(text);
  return { encoding, dataCoding: DATA_CODING[encoding], bytes };
}
