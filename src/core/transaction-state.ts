/**
 * The life of one authentication (acsTransID), persisted in `transactions.state`.
 *
 *   created ─┬─> decided (ARes Y/N/U/R/A, no challenge)
 *            └─> challenge_issued (ARes C) ─> challenge_in_progress (first CReq)
 *                  ─> authenticated | failed | cancelled | timed_out ─> result_sent (RReq) ─> result_acknowledged (RRes)
 *
 * challenge_issued may also end directly (timed out waiting for the first CReq, or ended by a lock).
 */
export const TRANSACTION_STATES = [
  'created',
  'decided',
  'challenge_issued',
  'challenge_in_progress',
  'authenticated',
  'failed',
  'cancelled',
  'timed_out',
  'result_sent',
  'result_acknowledged',
] as const;

export type TransactionState = (typeof TRANSACTION_STATES)[number];

const OUTCOMES = ['authenticated', 'failed', 'cancelled', 'timed_out'] as const;
export type ChallengeOutcomeState = (typeof OUTCOMES)[number];

/**
 * Every move a transaction can make, and where it is taken (all through src/storage/repositories/transactions.ts):
 *  - created → decided | challenge_issued: the AReq (features/authentication/areq.ts, group commit);
 *  - challenge_issued → challenge_in_progress: the first CReq of either channel (challenge/start.ts);
 *  - challenge_issued → timed_out: no first CReq in 30 s (challenge/end-overdue.ts sweep, or a late CReq);
 *  - challenge_issued → failed: a lock or phone change (end.ts endOpenChallengesForMember), a suspension
 *    (operations scheduler), the app's round cap; → cancelled: an app CReq that cancels before the first screen;
 *  - challenge_in_progress → authenticated | failed | cancelled | timed_out: the member's action, the wrong-code
 *    limit, a lock, a suspension, the cardholder's cancel, the challenge deadline (challenge/act.ts, end.ts);
 *  - an outcome → result_sent, result_sent → result_acknowledged: the RReq job (protocol/exchanges/rreq.ts).
 */
const ALLOWED: Record<TransactionState, readonly TransactionState[]> = {
  created: ['decided', 'challenge_issued'],
  decided: [],
  challenge_issued: ['challenge_in_progress', 'failed', 'cancelled', 'timed_out'],
  challenge_in_progress: ['authenticated', 'failed', 'cancelled', 'timed_out'],
  authenticated: ['result_sent'],
  failed: ['result_sent'],
  cancelled: ['result_sent'],
  timed_out: ['result_sent'],
  result_sent: ['result_acknowledged'],
  result_acknowledged: [],
};

export function canTransition(from: TransactionState, to: TransactionState): boolean {
  return ALLOWED[from].includes(to);
}

/** States in which a challenge is still open (the CReq page may act). */
export const OPEN_CHALLENGE_STATES: readonly TransactionState[] = ['challenge_issued', 'challenge_in_progress'];

export function isOpenChallenge(state: string): boolean {
  return state === 'challenge_issued' || state === 'challenge_in_progress';
}

export function isOutcome(state: string): state is ChallengeOutcomeState {
  return (OUTCOMES as readonly string[]).includes(state);
}

/**
 * EMV 3DS §5.5 (transaction timeouts): the first CReq must arrive within 30 s of the ARes; a browser challenge
 * lasts at most 10 minutes from its first CReq; in the app channel the ACS waits 10 minutes after each CRes.
 */
export const FIRST_CREQ_TIMEOUT_MS = 30_000;
export const CHALLENGE_TIMEOUT_MS = 10 * 60_000;

/** An open challenge whose deadline has passed: it must end, whoever notices first (a CReq or the sweeper). */
export function isOverdue(deadlineAt: Date | null, now: Date): boolean {
  return deadlineAt !== null && deadlineAt.getTime() <= now.getTime();
}

/** The result each outcome reports in the final CRes and the RReq. */
export interface ChallengeResult {
  state: ChallengeOutcomeState;
  transStatus: 'Y' | 'N' | 'U';
  transStatusReason?: string;
  challengeCancel?: string;
  /** How the member was authenticated, when not by the SMS code (docs/passkeys.md): the RReq names it. */
  method?: AuthenticationMethod;
}

/** What proved the member: the SMS one-time code (the default) or a passkey (WebAuthn). */
export type AuthenticationMethod = 'sms_otp' | 'webauthn';

/** Outcome of a challenge → what the RReq/CRes say. Codes: docs/emv-codes.md §4 (transStatusReason), §7 (challengeCancel). */
export const RESULTS = {
  authenticated: { state: 'authenticated', transStatus: 'Y' },
  authenticatedByPasskey: { state: 'authenticated', transStatus: 'Y', method: 'webauthn' },
  wrongCodeLimit: { state: 'failed', transStatus: 'N', transStatusReason: '19' },
  lockedDuringChallenge: { state: 'failed', transStatus: 'N', transStatusReason: '12' },
  cancelledByCardholder: { state: 'cancelled', transStatus: 'N', transStatusReason: '01', challengeCancel: '01' },
  timedOut: { state: 'timed_out', transStatus: 'N', transStatusReason: '14', challengeCancel: '04' },
  firstCreqTimedOut: { state: 'timed_out', transStatus: 'N', transStatusReason: '14', challengeCancel: '05' },
  serviceSuspended: { state: 'failed', transStatus: 'U', transStatusReason: '22', challengeCancel: '06' },
} as const satisfies Record<string, ChallengeResult>;

/** How an overdue challenge ends: never opened → challengeCancel 05, opened → 04 (both N / 14). */
export function overdueResult(state: 'challenge_issued' | 'challenge_in_progress'): ChallengeResult {
  return state === 'challenge_issued' ? RESULTS.firstCreqTimedOut : RESULTS.timedOut;
}
