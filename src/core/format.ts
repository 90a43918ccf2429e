import type { Lang } from './i18n.ts';

interface Currency {
  alpha: string;
  /** ISO 4217 minor units, used only when the message carries no usable purchaseExponent. */
  minor: number;
  /** The symbol a Japanese reader expects; absent = write the alphabetic code. */
  jaSymbol?: string;
}

// ISO 4217 numeric → alphabetic; the currencies Japanese card members meet most. Others fall back to the code.
const CURRENCIES: ReadonlyMap<string, Currency> = new Map([
  ['392', { alpha: 'JPY', minor: 0, jaSymbol: '¥' }],
  ['840', { alpha: 'USD', minor: 2, jaSymbol: 'US$' }],
  ['978', { alpha: 'EUR', minor: 2, jaSymbol: '€' }],
  ['826', { alpha: 'GBP', minor: 2, jaSymbol: '£' }],
  ['156', { alpha: 'CNY', minor: 2, jaSymbol: 'CN¥' }],
  ['410', { alpha: 'KRW', minor: 0, jaSymbol: '₩' }],
  ['901', { alpha: 'TWD', minor: 2, jaSymbol: 'NT$' }],
  ['344', { alpha: 'HKD', minor: 2, jaSymbol: 'HK$' }],
  ['036', { alpha: 'AUD', minor: 2, jaSymbol: 'A$' }],
  ['124', { alpha: 'CAD', minor: 2, jaSymbol: 'CA$' }],
  ['554', { alpha: 'NZD', minor: 2, jaSymbol: 'NZ$' }],
  ['702', { alpha: 'SGD', minor: 2 }],
  ['756', { alpha: 'CHF', minor: 2 }],
  ['764', { alpha: 'THB', minor: 2 }],
  ['458', { alpha: 'MYR', minor: 2 }],
  ['360', { alpha: 'IDR', minor: 2 }],
  ['608', { alpha: 'PHP', minor: 2 }],
  ['704', { alpha: 'VND', minor: 0 }],
  ['356', { alpha: 'INR', minor: 2 }],
  ['784', { alpha: 'AED', minor: 2 }],
  ['752', { alpha: 'SEK', minor: 2 }],
  ['578', { alpha: 'NOK', minor: 2 }],
  ['208', { alpha: 'DKK', minor: 2 }],
  ['484', { alpha: 'MXN', minor: 2 }],
  ['986', { alpha: 'BRL', minor: 2 }],
  ['414', { alpha: 'KWD', minor: 3 }],
  ['048', { alpha: 'BHD', minor: 3 }],
]);

// EMV purchaseAmount: up to 48 digits in minor units; purchaseExponent: one digit.
const AMOUNT = /^\d{1,48}$/;
const EXPONENT = /^\d$/;

/**
 * The purchase amount as a member reads it, from the EMV purchaseAmount / purchaseCurrency / purchaseExponent.
 * Japanese: the familiar symbol before the number (`¥129,800`, `US$12.34`), or the code (`CHF 12.50`).
 * English: always the ISO code (`JPY 129,800`, `USD 12.34`), since `¥` and `$` are ambiguous abroad.
 * An unknown currency is shown as `<purchaseCurrency> <amount>`; no (or a malformed) amount gives ''.
 * Digits are handled as text so that 48-digit amounts never lose precision.
 */
export function formatAmount(
  amount: string | null | undefined,
  currency: string | null | undefined,
  exponent: string | null | undefined,
  lang: Lang,
): string {
  if (!amount || !AMOUNT.test(amount)) return '';
  const known = currency ? CURRENCIES.get(currency) : undefined;
  const minor = exponent && EXPONENT.test(exponent) ? Number(exponent) : (known?.minor ?? 0);
  const number = groupDigits(amount, minor);
  if (!known) return currency ? `${currency} ${number}` : number;
  if (lang === 'ja' && known.jaSymbol) return `${known.jaSymbol}${number}`;
  return `${known.alpha} ${number}`;
}

function groupDigits(digits: string, minor: number): string {
  const padded = digits.replace(/^0+/, '').padStart(minor + 1, '0');
  const whole = padded.slice(0, padded.length - minor).replace(/\B(?=(\d{3})+$)/g, ',');
  return minor === 0 ? whole : `${whole}.${padded.slice(padded.length - minor)}`;
}

/** Japan has no daylight saving: JST is UTC+9 all year. */
const JST_OFFSET_MS = 9 * 3600_000;
const two = (n: number) => String(n).padStart(2, '0');

function jstParts(at: Date) {
  const d = new Date(at.getTime() + JST_OFFSET_MS);
  return {
    y: d.getUTCFullYear(),
    m: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    hm: `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`,
  };
}

/**
 * The one date format of the member pages (/enet, the challenge and member emails; issue #18 item 2):
 * `2026年12月5日` in Japanese, `2026-12-05` in English, always the date in Japan.
 */
export function formatJstDate(at: Date, lang: Lang): string {
  const p = jstParts(at);
  return lang === 'ja' ? `${p.y}年${p.m}月${p.d}日` : `${p.y}-${two(p.m)}-${two(p.d)}`;
}

/** The same date with the JST clock time, labelled: `2026年12月5日 04:09（日本時間）` / `2026-12-05 04:09 JST`. */
export function formatJstDateTime(at: Date, lang: Lang): string {
  const { hm } = jstParts(at);
  return lang === 'ja' ? `${formatJstDate(at, lang)} ${hm}（日本時間）` : `${formatJstDate(at, lang)} ${hm} JST`;
}

/** Only the JST clock time, for a moment later today: `04:19`. */
export function formatJstTime(at: Date): string {
  return jstParts(at).hm;
}

/**
 * The one way operator screens show a moment: `2026-12-05 05:00 JST` (Japan time, labelled), seconds when asked.
 * Nothing (or an unparsable value) gives '—'.
 */
export function formatJst(at: Date | string | null | undefined, withSeconds = false): string {
  if (at === null || at === undefined || at === '') return '—';
  const ms = new Date(at).getTime();
  if (Number.isNaN(ms)) return '—';
  const iso = new Date(ms + JST_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, withSeconds ? 19 : 16)} JST`;
}

/** `YYYY-MM-DD` of the Japan-time calendar day holding `at`. */
export function jstDay(at: Date): string {
  return new Date(at.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * A date filter as operators type it, read as Japan time: `2026-12-05` (also `2026/12/05`, `2026/12/5`) is
 * 2026-12-05 00:00 JST; `2026-12-05 13:30` / `2026-12-05T13:30` is that minute JST. Anything else, or a day
 * that does not exist (2026-02-30), is undefined.
 */
export function parseJstDate(input: string): Date | undefined {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(input.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return undefined;
  const utc = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(utc);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  return new Date(utc - JST_OFFSET_MS);
}
