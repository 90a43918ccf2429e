import { ServiceError } from '../../../core/errors.ts';
import { isCalendarDate } from '../../../core/investigation/jst-date.ts';

/** JST calendar dates and date-times as the console's `date` / `datetime-local` fields send them. */

/** A real `YYYY-MM-DD` date (`2026-02-30` is refused, not rolled over to March). */
export function calendarDate(value: string, field: string): string {
  const date = value.trim();
  if (!isCalendarDate(date)) throw new ServiceError('invalid', `${field} must be a date (YYYY-MM-DD)`, field);
  return date;
}

/** `2026-01-01T16:10` read as Japan time (JST is UTC+9 all year). */
export function jstInstant(value: string, field: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
  if (!m?.[1] || !isCalendarDate(m[1]))
    throw new ServiceError('invalid', `${field} must be a JST date and time`, field);
  return new Date(`${m[1]}T${m[2]}:${m[3]}:00+09:00`);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
