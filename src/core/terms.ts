/**
 * Versions of the service terms (terms art. 12). A draft is written in the console; once published it is
 * announced with its effective date and applies from 00:00 Japan time on that date, until the next published
 * version takes effect. Only `draft` / `published` is stored; "in force" and "superseded" follow from the
 * effective dates, so they change at midnight without anyone writing a row. Pure: no clock, no storage.
 */
export type TermsStatus = 'draft' | 'published';

/** `published` here means announced but not yet effective. */
export type TermsState = 'draft' | 'published' | 'in_force' | 'superseded';

export interface TermsVersionFacts {
  status: TermsStatus;
  effectiveAt: Date;
  /** When the next published version takes effect; undefined while there is none. */
  supersededAt: Date | undefined;
}

export function termsStateOn(version: TermsVersionFacts, at: Date): TermsState {
  if (version.status === 'draft') return 'draft';
  if (at < version.effectiveAt) return 'published';
  if (version.supersededAt !== undefined && version.supersededAt <= at) return 'superseded';
  return 'in_force';
}

/** Adds `supersededAt` to each version: the effective date of the next published version after it. */
export function withSupersession<T extends { status: TermsStatus; effectiveAt: Date }>(
  versions: readonly T[],
): Array<T & { supersededAt: Date | undefined }> {
  const published = versions
    .filter((v) => v.status === 'published')
    .map((v) => v.effectiveAt.getTime())
    .sort((a, b) => a - b);
  return versions.map((v) => {
    const next = v.status === 'published' ? published.find((t) => t > v.effectiveAt.getTime()) : undefined;
    return { ...v, supersededAt: next === undefined ? undefined : new Date(next) };
  });
}

/** Japan has no daylight saving time: JST is UTC+9 all year. */
const JST_OFFSET_MS = 9 * 3600_000;
const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 00:00 JST of a `YYYY-MM-DD` date, the instant a version dated that day takes effect; undefined if invalid. */
export function jstMidnight(date: string): Date | undefined {
  const m = DATE.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = Date.UTC(y, mo - 1, d);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  return new Date(utc - JST_OFFSET_MS);
}

/** The Japan-time calendar date of an instant, `YYYY-MM-DD`. */
export function jstDateOf(at: Date): string {
  return new Date(at.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The first date a newly published version may take effect: tomorrow in Japan (art. 12-2 asks for notice first). */
export function earliestEffectiveDate(now: Date): string {
  return jstDateOf(new Date(now.getTime() + DAY_MS));
}

export type EffectiveDateProblem = 'invalid' | 'too_soon' | 'not_after_latest';

/**
 * Whether a version dated `date` may be published at `now`: a real date, tomorrow (JST) or later, and after
 * every version already published (two versions never take effect the same day, nor out of order).
 */
export function effectiveDateProblem(
  date: string,
  now: Date,
  latestPublished: Date | undefined,
): EffectiveDateProblem | undefined {
  const at = jstMidnight(date);
  if (!at) return 'invalid';
  if (date < earliestEffectiveDate(now)) return 'too_soon';
  if (latestPublished && at <= latestPublished) return 'not_after_latest';
  return undefined;
}

/** Version labels: what members see ("2026-12-01 版"), so short and plain. */
export function isVersionLabel(value: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/.test(value);
}
