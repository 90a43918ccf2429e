import { isIP } from 'node:net';
import { formatSpec } from './fields.ts';

/**
 * Outcome of one value check: 'iso' is an excluded ISO country/currency code (docs/emv-codes.md §5, error 304),
 * 'reserved' a code EMVCo keeps for future use (error 207 in 2.3.1, 203 before: docs/protocol.md).
 */
export type Verdict = 'ok' | 'invalid' | 'iso' | 'reserved';
export type StringCheck = (value: string) => Verdict;

const DIGITS = /^[0-9]+$/;
// README: "fully qualified URL (scheme + host)"; anything with whitespace cannot be one.
const URL_PATTERN = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/?#]+(?:[/?#]\S*)?$/;
const HTTPS_URL_PATTERN = /^https:\/\/[^\s/?#]+(?:[/?#]\S*)?$/i;
// Deliberately loose (one @, no whitespace): a stricter RFC 5322 reading would reject real addresses
// for a field the ACS only uses for risk checks.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;
const COUNTER_MAX = 255;

/** Characters counted as Unicode code points ("lengths in characters", fields.json meta.lengths). */
export function lengthWithin(value: string, min: number, max: number): boolean {
  const units = value.length;
  // A code point takes one or two UTF-16 units, so only surrogate-heavy strings need counting.
  if (units <= max && units >= 2 * min) return true;
  if (units < min) return false;
  let points = 0;
  for (const _ of value) points++;
  return points >= min && points <= max;
}

/** Truncates to at most `max` code points without splitting a surrogate pair. */
export function truncate(value: string, max: number): string {
  if (lengthWithin(value, 0, max)) return value;
  return Array.from(value).slice(0, max).join('');
}

/** Parses reserved ranges such as "80-99" or "01-04,06,07,09,12-78" into one predicate. */
export function rangeListTest(ranges: readonly string[]): (value: string) => boolean {
  const spans: { width: number; low: number; high: number }[] = [];
  for (const part of ranges.flatMap((r) => r.split(','))) {
    const [low = '', high = low] = part.trim().split('-');
    if (!DIGITS.test(low) || !DIGITS.test(high) || low.length !== high.length) {
      throw new Error(`fields.json: cannot read reserved range "${part}"`);
    }
    spans.push({ width: low.length, low: Number(low), high: Number(high) });
  }
  return (value) => {
    if (!DIGITS.test(value)) return false;
    const n = Number(value);
    return spans.some((s) => s.width === value.length && n >= s.low && n <= s.high);
  };
}

/** A numeric string inside an inclusive range, e.g. sdkMaxTimeout ["05", "99"]. */
export function numericRangeTest([low, high]: readonly [string, string]): (value: string) => boolean {
  const lo = Number(low);
  const hi = Number(high);
  return (value) => DIGITS.test(value) && Number(value) >= lo && Number(value) <= hi;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The pattern admits day 31 in every month; the calendar does not. */
function realDate(value: string): boolean {
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(4, 6));
  const day = Number(value.slice(6, 8));
  if (month === 2 && day === 29) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** Builds the check for a name in fields.json → formats; unknown names stop the process at load. */
export function formatCheck(name: string): StringCheck {
  const spec = formatSpec(name);
  if (spec === undefined) throw new Error(`fields.json: unknown format "${name}"`);
  const pattern = spec.pattern === undefined ? undefined : new RegExp(spec.pattern);
  const excluded = spec.excluded === undefined ? undefined : rangeListTest(spec.excluded);
  const matches = (value: string): boolean => pattern === undefined || pattern.test(value);
  switch (name) {
    case 'url':
      return (v) => (URL_PATTERN.test(v) ? 'ok' : 'invalid');
    case 'urlHttps':
      return (v) => (HTTPS_URL_PATTERN.test(v) ? 'ok' : 'invalid');
    case 'email':
      return (v) => (EMAIL_PATTERN.test(v) ? 'ok' : 'invalid');
    case 'ip':
      return (v) => (isIP(v) !== 0 ? 'ok' : 'invalid');
    case 'counter3':
      return (v) => (matches(v) && Number(v) <= COUNTER_MAX ? 'ok' : 'invalid');
    case 'yyyymmdd':
    case 'yyyymmddhhmm':
    case 'yyyymmddhhmmss':
      return (v) => (matches(v) && realDate(v) ? 'ok' : 'invalid');
    default:
      if (pattern === undefined) throw new Error(`fields.json: format "${name}" has no pattern and no check`);
      return (v) => {
        if (!pattern.test(v)) return 'invalid';
        return excluded?.(v) === true ? 'iso' : 'ok';
      };
  }
}
