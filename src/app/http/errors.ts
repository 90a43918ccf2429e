import type { ClientErrorStatusCode } from 'hono/utils/http-status';
import { ServiceError, type ServiceErrorCode } from '../../core/errors.ts';
import type { Lang } from '../../core/i18n.ts';

/**
 * The one mapping from domain errors (src/core/errors.ts) to what the HTTP edge answers: the issuer API's status
 * and JSON `code`, the console's and the portal's page status and message. Every edge maps through here, so a
 * code means the same status everywhere (docs/interfaces.md "Issuer systems").
 */
export interface ErrorAnswer {
  status: ClientErrorStatusCode;
  /** What a page says (before any detail), in the page's language. */
  page: PageMessageKey;
}

/** Page message keys: each names one sentence of `PAGE_MESSAGES`. */
export type PageMessageKey = 'not_found' | 'refused' | 'invalid' | 'conflict' | 'too_many';

export const PAGE_MESSAGES: Record<PageMessageKey, { ja: string; en: string }> = {
  not_found: { ja: '対象が見つかりません。', en: 'Not found.' },
  refused: { ja: 'この操作は許可されていません。', en: 'This is not allowed.' },
  invalid: { ja: '入力内容を確認してください。', en: 'Check what you entered.' },
  conflict: { ja: '現在の状態ではこの操作はできません。', en: 'This cannot be done in the current state.' },
  too_many: { ja: '試行回数が多すぎます。しばらくしてからお試しください。', en: 'Too many attempts. Try again later.' },
};

/**
 * `locked` (a member or operator locked against the action, e.g. terms art. 2-2) is 409 Conflict, as
 * `enrollment_refused` is: the request conflicts with the resource's current state (RFC 9110 §15.5.10), which
 * the client can read and resolve. 423 Locked belongs to WebDAV locks (RFC 4918 §11.3), which a client releases
 * itself; nothing here is that kind of lock.
 */
export const SERVICE_ERRORS: Record<ServiceErrorCode, ErrorAnswer> = {
  invalid: { status: 400, page: 'invalid' },
  forbidden: { status: 403, page: 'refused' },
  not_found: { status: 404, page: 'not_found' },
  conflict: { status: 409, page: 'conflict' },
  enrollment_refused: { status: 409, page: 'conflict' },
  locked: { status: 409, page: 'conflict' },
  range_overlap: { status: 409, page: 'conflict' },
  // Well-formed but not servable here: the same PAN is accepted once a range covers it.
  pan_out_of_range: { status: 422, page: 'invalid' },
  rate_limited: { status: 429, page: 'too_many' },
};

export function httpStatusOf(code: ServiceErrorCode): ClientErrorStatusCode {
  return SERVICE_ERRORS[code].status;
}

export function pageMessageOf(code: ServiceErrorCode, lang: Lang): string {
  const text = PAGE_MESSAGES[SERVICE_ERRORS[code].page];
  return lang === 'en' ? text.en : text.ja;
}

/**
 * PostgreSQL errors that mean a concurrent request got there first: unique_violation (both created the same row
 * or claimed the same PAN), serialization_failure and deadlock_detected. The transaction was rolled back.
 */
const RACE_CODES = new Set(['23505', '40001', '40P01']);

export function isConcurrencyConflict(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && RACE_CODES.has(String(err.code));
}

/**
 * What a handler threw, as the domain error it stands for: a `ServiceError` as it is, a lost race as `conflict`;
 * undefined for anything else (a genuine server fault, left to the 500 handler).
 */
export function asServiceError(err: unknown): ServiceError | undefined {
  if (err instanceof ServiceError) return err;
  if (isConcurrencyConflict(err))
    return new ServiceError('conflict', 'a concurrent request changed this resource; retry the request');
  return undefined;
}
