import type { KeyRing } from '../../infra/crypto/keyring.ts';
import { macsEqual } from '../../infra/crypto/otp.ts';

/**
 * CSRF defence for every state-changing form: (1) a per-session token in the hidden field `csrf`, derived from
 * the session cookie's token with a keyed MAC (so it is never stored and changes whenever the session id
 * rotates), compared in constant time; and (2) the request's `Origin` — or, when a browser sends none, its
 * `Referer` — must be exactly our public origin. Either failing refuses the request. Generic: the portal and
 * the console both use it with their own session token.
 */
export const CSRF_FIELD = 'csrf';

export function csrfTokenFor(keys: KeyRing, sessionToken: string): string {
  return keys.mac('session', `csrf\u0000${sessionToken}`);
}

export type CsrfRefusal = 'missing_token' | 'bad_token' | 'bad_origin';

export interface CsrfInput {
  /** The posted `csrf` field. */
  submitted: string | undefined;
  /** The session cookie's token (pre-session or signed in). */
  sessionToken: string | undefined;
  origin: string | undefined;
  referer: string | undefined;
  /** PUBLIC_URL's origin. */
  expectedOrigin: string;
}

export function checkCsrf(keys: KeyRing, input: CsrfInput): CsrfRefusal | undefined {
  if (!sameOrigin(input.origin, input.referer, input.expectedOrigin)) return 'bad_origin';
  if (!input.submitted || !input.sessionToken) return 'missing_token';
  return macsEqual(input.submitted, csrfTokenFor(keys, input.sessionToken)) ? undefined : 'bad_token';
}

/** Origin wins when present (`null` never matches); otherwise the Referer's origin; neither = refused. */
export function sameOrigin(origin: string | undefined, referer: string | undefined, expected: string): boolean {
  if (origin !== undefined && origin !== '') return origin === expected;
  if (!referer) return false;
  try {
    return new URL(referer).origin === expected;
  } catch {
    return false;
  }
}
