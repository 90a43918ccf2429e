import type { ClientErrorStatusCode } from 'hono/utils/http-status';
import { httpStatusOf } from '../../app/http/errors.ts';
import type { ServiceErrorCode } from '../../core/errors.ts';
import type { SignInResult } from './service/sign-in.ts';
import type { PhoneNotice } from './texts/phone.ts';

/**
 * The portal's one mapping from domain refusals and errors to pages: which HTTP status each answer carries
 * (the words are in texts/*.ts). Use cases return typed refusals (`{ ok: false, reason }`) or throw a
 * `ServiceError`; routes and guards ask this module for the status and never decide one themselves.
 */
export type PageStatus = 200 | ClientErrorStatusCode;

type Refusal<R> = Extract<R, { ok: false }> extends { reason: infer K extends string } ? K : never;

/** Each use case's refusals, by the page that shows them. */
const REFUSAL_STATUS = {
  /** A state-changing request refused before anything is read (CSRF, Origin), or a record that is not the member's. */
  request: { refused: 403, not_found: 404 },
  signIn: { invalid: 401, locked: 429, rate_limited: 429 } satisfies Record<Refusal<SignInResult>, PageStatus>,
  /** Re-entering the password: every refusal is "not now" on the same page. */
  reauth: { invalid: 401, locked: 401, rate_limited: 401 } satisfies Record<Refusal<SignInResult>, PageStatus>,
  /** An unusable link shows the "link invalid" page; a password problem shows the form again. */
  passwordLink: { invalid_link: 404, too_short: 400, too_long: 400, mismatch: 400, same_as_id: 400 },
  fraudReport: { no_transactions: 400, unknown_transaction: 400, noticed_on: 400, description: 400, contact: 400 },
  caseAnswer: { answer: 400, closed: 400, answered: 400 },
  /** Lost/stolen report and unregistration refused by the member's enrollment state. */
  enrollment: { not_enrolled: 409, locked: 409 },
  /** Accepting terms: the box was not ticked, or the page named a version no longer in force. */
  terms: { not_agreed: 400, not_current: 409 },
} as const satisfies Record<string, Record<string, PageStatus>>;

type RefusalPage = keyof typeof REFUSAL_STATUS;

export function refusalStatus<P extends RefusalPage>(page: P, reason: keyof (typeof REFUSAL_STATUS)[P]): PageStatus {
  const statuses: Record<PropertyKey, PageStatus> = REFUSAL_STATUS[page];
  return statuses[reason] ?? 400;
}

/** The phone form: a pause is a conflict with the service's state; anything else is the member's input. */
export function phoneFormStatus(notice: PhoneNotice | undefined): PageStatus {
  if (!notice) return 200;
  return notice.kind === 'paused' ? 409 : 400;
}

/** The code page: informational notices are 200, a refused send 429, a wrong or expired code 400. */
export function phoneConfirmStatus(notice: PhoneNotice | undefined): PageStatus {
  if (!notice) return 200;
  switch (notice.kind) {
    case 'code_sent':
    case 'code_resent':
      return 200;
    case 'cooldown':
    case 'transaction_limit':
    case 'phone_daily_limit':
    case 'ip_limit':
      return 429;
    default:
      return 400;
  }
}

/**
 * A `ServiceError` no use case turned into a refusal (a member page must never answer 500 for one): its
 * status, and whether the "not found" or the "refused" page says so.
 */
export function serviceErrorPage(code: ServiceErrorCode): { status: PageStatus; page: 'notFound' | 'refused' } {
  // One mapping for every surface (app/http/errors.ts); the portal only picks which of its pages to show.
  return { status: httpStatusOf(code), page: code === 'not_found' ? 'notFound' : 'refused' };
}
