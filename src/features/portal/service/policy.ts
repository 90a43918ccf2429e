/**
 * The member portal's limits in one place (documented in docs/portal.md).
 */
const MINUTE = 60_000;

/** Sessions: idle 30 minutes, absolute 12 hours; re-entering the password is needed within 5 minutes of a change. */
export const SESSION_IDLE_MS = 30 * MINUTE;
export const SESSION_ABSOLUTE_MS = 12 * 60 * MINUTE;
export const REAUTH_WINDOW_MS = 5 * MINUTE;

/** Emailed first-time setup / reset links are single-use and live 30 minutes. */
export const LINK_TTL_MS = 30 * MINUTE;
export const LINK_REQUESTS_PER_ID_PER_HOUR = 3;
export const LINK_REQUESTS_PER_IP_PER_HOUR = 20;

/** Sign-in: 5 wrong passwords for one ID in a 15-minute window lock it for the rest of the window; 20 a day. */
export const SIGN_IN_WINDOW_MS = 15 * MINUTE;
export const MAX_FAILURES_PER_ID_PER_WINDOW = 5;
export const MAX_FAILURES_PER_ID_PER_DAY = 20;
export const DAY_MS = 24 * 60 * MINUTE;
/** Sign-in attempts per client IP per 15 minutes, whatever the IDs. */
export const MAX_SIGN_INS_PER_IP_PER_WINDOW = 50;

/** A phone-registration attempt (code sent, waiting for it) lasts at most 15 minutes. */
export const REGISTRATION_ATTEMPT_TTL_MS = 15 * MINUTE;

export const HISTORY_PAGE_SIZE = 20;
export const FRAUD_DESCRIPTION_MAX = 2000;
export const FRAUD_MAX_TRANSACTIONS = 50;

/** e-net IDs as the issuer API defines them (docs/interfaces.md). */
export const ENET_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function memberActor(enetId: string): string {
  return `member:${enetId}`;
}
