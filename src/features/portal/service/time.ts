import { formatJstDate, formatJstDateTime, formatJstTime } from '../../../core/format.ts';

/** Japan has no daylight saving: JST is UTC+9 all year. */
const JST_OFFSET_MS = 9 * 3600_000;

function jst(at: Date): Date {
  return new Date(at.getTime() + JST_OFFSET_MS);
}

const two = (n: number) => String(n).padStart(2, '0');

/** `2026-11-25` in Japan time: for comparisons and form values, not for reading (see `jstDay`). */
export function jstDate(at: Date): string {
  const d = jst(at);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
}

/** The member pages' one date format (src/core/format.ts): `2026年11月25日` or `2026-11-25`. */
export function jstDay(at: Date, lang: 'ja' | 'en'): string {
  return formatJstDate(at, lang);
}

/** `2026年11月25日 12:03（日本時間）` or `2026-11-25 12:03 JST` (src/core/format.ts). */
export function jstDateTime(at: Date, lang: 'ja' | 'en'): string {
  return formatJstDateTime(at, lang);
}

/** `04:19` in Japan time. */
export function jstTime(at: Date): string {
  return formatJstTime(at);
}

export function jstYear(at: Date): number {
  return jst(at).getUTCFullYear();
}

/** A Japan-time calendar date (`2026-12-19`) as the last day to act: `2026年12月19日（日本時間）` / `2026-12-19 (Japan time)`. */
export function jstDeadline(date: string, lang: 'ja' | 'en'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  return lang === 'ja' ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日（日本時間）` : `${date} (Japan time)`;
}
