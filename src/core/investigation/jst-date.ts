/**
 * Japan-time calendar arithmetic for the liability rules. Japan has no daylight saving: JST is UTC+9 all
 * year, so a JST calendar date is the UTC date of the instant moved forward nine hours. Calendar dates
 * are `YYYY-MM-DD` strings; pure arithmetic, no clock.
 */

const JST_OFFSET_MS = 9 * 3600_000;
const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

const two = (n: number) => String(n).padStart(2, '0');

/** Whether `at` is a real instant (a `Date` built from bad input holds NaN). */
export function isValidInstant(at: Date): boolean {
  return !Number.isNaN(at.getTime());
}

/** The Japan-time calendar date of an instant: `2026-04-30T15:00:00Z` → `2026-05-01`. */
export function jstDateOf(at: Date): string {
  const d = new Date(at.getTime() + JST_OFFSET_MS);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
}

/** The Japan-time wall clock of an instant, `HH:MM`. */
export function jstTimeOf(at: Date): string {
  const d = new Date(at.getTime() + JST_OFFSET_MS);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** Days since 1970-01-01 for a real `YYYY-MM-DD` date; undefined for anything else (`2026-02-30`, `3/1`). */
export function dayNumber(date: string): number | undefined {
  const m = DATE_PATTERN.exec(date);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March: a date that does not come back unchanged does not exist.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    return undefined;
  }
  return ms / DAY_MS;
}

export function isCalendarDate(date: string): boolean {
  return dayNumber(date) !== undefined;
}

/**
 * Calendar days from one date to a later one: `2026-03-01` → `2026-04-30` is 60. Negative when `to` is
 * earlier. Both dates must pass `isCalendarDate` (callers check first); otherwise NaN.
 */
export function daysBetween(from: string, to: string): number {
  return (dayNumber(to) ?? Number.NaN) - (dayNumber(from) ?? Number.NaN);
}
