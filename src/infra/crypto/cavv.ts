import { timingSafeEqual } from 'node:crypto';
import { type CvvKeys, cvvKeys, cvvWithKeys } from './cvv-algorithm.ts';

/**
 * Visa Secure CAVV, "CVV with ATN" (CAVV usage 3, version 0 — the form Visa specifies for EMV 3DS): 20 bytes,
 * base64 in `authenticationValue`. Field layout, sources and the choices made are in docs/cavv.md.
 */

export type CavvKind = 'authenticated' | 'attempts';

/** Visa allows 01 and 02 for an issuer ACS: the two CVK pairs VisaNet holds for it (docs/cavv.md § Keys). */
export type CavvKeyIndicator = 1 | 2;

export interface CvkPair {
  keyIndicator: CavvKeyIndicator;
  /** CVK A, single-length DES (8 bytes). */
  a: Buffer;
  /** CVK B, single-length DES (8 bytes). */
  b: Buffer;
}

/** How an authenticated cardholder was verified; sent as Visa's second factor authentication code. */
export type CavvAuthenticationMethod =
  | 'static_passcode'
  | 'sms_otp'
  | 'hardware_otp'
  | 'app_otp'
  | 'other_otp'
  | 'kba'
  | 'oob_biometric'
  | 'oob_app_login'
  | 'oob_other'
  | 'other'
  | 'frictionless';

export type GenerateCavvInput = {
  pan: string;
  /** Authentication tracking number: 16 digits from a CSPRNG; its last four are the unpredictable number. */
  atn: string;
  cvk: CvkPair;
} & ({ kind: 'authenticated'; method: CavvAuthenticationMethod } | { kind: 'attempts' });

export interface GeneratedCavv {
  /** base64, 28 characters. */
  cavv: string;
  eci: '05' | '06';
}

export interface VerifyCavvInput {
  pan: string;
  cavv: string;
  eci: string;
  cvk: (keyIndicator: number) => CvkPair | undefined;
  /** The ATN recorded for the transaction; without it ATN digits 1-12 are unchecked (the CVV does not cover them). */
  expectedAtn?: string;
}

export type CavvRejection = 'malformed' | 'unknown_key' | 'mismatch' | 'eci_mismatch';

export type CavvVerification =
  | { valid: true; kind: 'authenticated'; method: CavvAuthenticationMethod; atn: string; keyIndicator: number }
  | { valid: true; kind: 'attempts'; atn: string; keyIndicator: number }
  | { valid: false; reason: CavvRejection };

/** Every field of a Visa CAVV before the CVV output is computed; see composeCavv. */
export interface CavvFields {
  /** 0-9; ninsho issues 0 (Y) and 7 (A). */
  authenticationResultsCode: number;
  /** 0-99. */
  secondFactorCode: number;
  /** 1-99 (an issuer ACS uses 1 or 2). */
  keyIndicator: number;
  /** 16 digits. */
  atn: string;
}

export const CAVV_BYTES = 20;

// Visa Table D-3 (second factor authentication code): 01-10 follow EMV authenticationMethod 01-10.
const SECOND_FACTOR_CODE: Readonly<Record<CavvAuthenticationMethod, number>> = {
  static_passcode: 1,
  sms_otp: 2,
  hardware_otp: 3,
  app_otp: 4,
  other_otp: 5,
  kba: 6,
  oob_biometric: 7,
  oob_app_login: 8,
  oob_other: 9,
  other: 10,
  frictionless: 99,
};
const METHOD_BY_SECOND_FACTOR = new Map(
  (Object.entries(SECOND_FACTOR_CODE) as [CavvAuthenticationMethod, number][]).map(([method, code]) => [code, method]),
);
/** Visa Table D-3: "Attempts Server responding". */
const ATTEMPTS_SECOND_FACTOR = 98;

// Visa Table D-2: transStatus Y → 0, A → 7 (U → 5, N/R → 9 never carry a CAVV: ECI 07, no authenticationValue).
const RESULTS_CODE: Readonly<Record<CavvKind, number>> = { authenticated: 0, attempts: 7 };
const ECI: Readonly<Record<CavvKind, '05' | '06'>> = { authenticated: '05', attempts: '06' };

const PAN_PATTERN = /^\d{13,19}$/;
const ATN_PATTERN = /^\d{16}$/;
const CAVV_BASE64 = /^[A-Za-z0-9+/]{27}=$/;
// Hex of the 20 bytes: results code, second factor, key indicator, 0-padded CVV output, unpredictable number,
// ATN, version/action 00, four zero bytes (IP address, zero in version 0).
const CAVV_HEX_LAYOUT = /^0(\d)(\d{2})(\d{2})0(\d{3})(\d{4})(\d{16})0{10}$/;

export function generateCavv(input: GenerateCavvInput): GeneratedCavv {
  const { cvk } = input;
  if (cvk.keyIndicator !== 1 && cvk.keyIndicator !== 2) throw new RangeError('CAVV key indicator must be 1 or 2');
  const secondFactorCode = input.kind === 'attempts' ? ATTEMPTS_SECOND_FACTOR : SECOND_FACTOR_CODE[input.method];
  if (secondFactorCode === undefined) throw new RangeError('unknown CAVV authentication method');
  const raw = composeCavvWith(
    input.pan,
    {
      authenticationResultsCode: RESULTS_CODE[input.kind],
      secondFactorCode,
      keyIndicator: cvk.keyIndicator,
      atn: input.atn,
    },
    cipherKeys(cvk),
  );
  return { cavv: raw.toString('base64'), eci: ECI[input.kind] };
}

export function verifyCavv(input: VerifyCavvInput): CavvVerification {
  assertPan(input.pan);
  if (input.expectedAtn !== undefined) assertAtn(input.expectedAtn);
  const raw = decodeCavv(input.cavv);
  const parsed = raw && parseCavv(raw);
  if (!raw || !parsed) return { valid: false, reason: 'malformed' };
  if (input.eci !== ECI[parsed.kind]) return { valid: false, reason: 'eci_mismatch' };
  const cvk = input.cvk(parsed.fields.keyIndicator);
  if (!cvk || cvk.keyIndicator !== parsed.fields.keyIndicator) return { valid: false, reason: 'unknown_key' };
  const expected = composeCavvWith(
    input.pan,
    { ...parsed.fields, atn: input.expectedAtn ?? parsed.fields.atn },
    cipherKeys(cvk),
  );
  if (!timingSafeEqual(expected, raw)) return { valid: false, reason: 'mismatch' };
  const { atn, keyIndicator } = parsed.fields;
  return parsed.kind === 'attempts'
    ? { valid: true, kind: 'attempts', atn, keyIndicator }
    : { valid: true, kind: 'authenticated', method: parsed.method, atn, keyIndicator };
}

/**
 * Lays out any Visa CAVV (all results and second factor codes) and fills in its CVV output; returns the 20 bytes.
 * ninsho code issues CAVVs through generateCavv; this is the layout alone, for tools and known-answer tests.
 */
export function composeCavv(pan: string, fields: CavvFields, keyA: Uint8Array, keyB: Uint8Array): Buffer {
  return composeCavvWith(pan, fields, cvvKeys(keyA, keyB));
}

/** Cipher keys per CVK pair: the key ring hands out the same pair object until it reloads (cavv-keys.ts). */
const cipherKeysByPair = new WeakMap<CvkPair, CvvKeys>();

function cipherKeys(cvk: CvkPair): CvvKeys {
  const known = cipherKeysByPair.get(cvk);
  if (known) return known;
  const keys = cvvKeys(cvk.a, cvk.b);
  cipherKeysByPair.set(cvk, keys);
  return keys;
}

function composeCavvWith(pan: string, fields: CavvFields, keys: CvvKeys): Buffer {
  assertPan(pan);
  assertAtn(fields.atn);
  const { authenticationResultsCode: arc, secondFactorCode: sfac, keyIndicator } = fields;
  if (!isIntIn(arc, 0, 9)) throw new RangeError('authentication results code must be 0-9');
  if (!isIntIn(sfac, 0, 99)) throw new RangeError('second factor authentication code must be 0-99');
  if (!isIntIn(keyIndicator, 1, 99)) throw new RangeError('CAVV key indicator must be 1-99');
  const unpredictableNumber = fields.atn.slice(12);
  const serviceCode = `${arc}${twoDigits(sfac)}`;
  // Visa: the CVV algorithm's "expiration date" is the unpredictable number, its "service code" is ARC + SFAC.
  const output = cvvWithKeys(keys, `${cavvPan(pan)}${unpredictableNumber}${serviceCode}`, 3);
  const hex = `0${arc}${twoDigits(sfac)}${twoDigits(keyIndicator)}0${output}${unpredictableNumber}${fields.atn}${'0'.repeat(10)}`;
  return Buffer.from(hex, 'hex');
}

/** Splits the key ring's 16-byte CVK (A||B) into the pair the CAVV functions take. */
export function cvkPairFromDoubleLengthKey(keyIndicator: CavvKeyIndicator, key: Buffer): CvkPair {
  if (key.length !== 16) throw new RangeError('a CVK pair is 16 bytes (A||B)');
  return { keyIndicator, a: Buffer.from(key.subarray(0, 8)), b: Buffer.from(key.subarray(8, 16)) };
}

/** Key ring versions alternate between Visa's two indicator slots: odd versions → 1, even → 2. */
export function cavvKeyIndicatorForVersion(version: number): CavvKeyIndicator {
  if (!Number.isSafeInteger(version) || version < 1) throw new RangeError('key version must be a positive integer');
  return version % 2 === 1 ? 1 : 2;
}

type ParsedCavv =
  | { kind: 'authenticated'; method: CavvAuthenticationMethod; fields: CavvFields }
  | { kind: 'attempts'; fields: CavvFields };

function decodeCavv(cavv: string): Buffer | undefined {
  if (!CAVV_BASE64.test(cavv)) return undefined;
  const raw = Buffer.from(cavv, 'base64');
  // Round trip rejects non-canonical trailing bits, which Buffer.from would silently drop.
  return raw.length === CAVV_BYTES && raw.toString('base64') === cavv ? raw : undefined;
}

function parseCavv(raw: Buffer): ParsedCavv | undefined {
  const match = CAVV_HEX_LAYOUT.exec(raw.toString('hex'));
  if (!match) return undefined;
  const [, arcText, sfacText, keyText, , unpredictableNumber, atn] = match;
  if (arcText === undefined || sfacText === undefined || keyText === undefined || atn === undefined) return undefined;
  if (unpredictableNumber !== atn.slice(12)) return undefined;
  const keyIndicator = Number(keyText);
  if (keyIndicator === 0) return undefined;
  const fields: CavvFields = {
    authenticationResultsCode: Number(arcText),
    secondFactorCode: Number(sfacText),
    keyIndicator,
    atn,
  };
  if (fields.authenticationResultsCode === RESULTS_CODE.attempts) {
    return fields.secondFactorCode === ATTEMPTS_SECOND_FACTOR ? { kind: 'attempts', fields } : undefined;
  }
  if (fields.authenticationResultsCode !== RESULTS_CODE.authenticated) return undefined;
  const method = METHOD_BY_SECOND_FACTOR.get(fields.secondFactorCode);
  return method ? { kind: 'authenticated', method, fields } : undefined;
}

/** Visa: a PAN under 16 digits is right-justified with leading zeros; a longer one gives its rightmost 16. */
function cavvPan(pan: string): string {
  return pan.length >= 16 ? pan.slice(-16) : pan.padStart(16, '0');
}

function assertPan(pan: string): void {
  if (!PAN_PATTERN.test(pan)) throw new RangeError('PAN must be 13-19 digits');
}

function assertAtn(atn: string): void {
  if (!ATN_PATTERN.test(atn)) throw new RangeError('ATN must be 16 digits');
}

function isIntIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}
