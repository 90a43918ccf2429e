import type { ChallengeNotice } from '../../../core/challenge-view.ts';
import { MAX_WRONG_SUBMITS, mayResend, normaliseSubmittedCode } from '../../../core/otp-policy.ts';
import type { ChallengeResult } from '../../../core/transaction-state.ts';
import { RESULTS } from '../../../core/transaction-state.ts';
import { sendsToPhoneSince } from '../../../infra/channels/sms/job.ts';
import type { KeyRing } from '../../../infra/crypto/keyring.ts';
import { macsEqual } from '../../../infra/crypto/otp.ts';
import { countHit } from '../../../infra/rate-limit.ts';
import { withTransaction } from '../../../storage/database.ts';
import { countWrongCode } from '../../../storage/repositories/transaction-challenge.ts';
import type { TransactionRow } from '../../../storage/schema.ts';
import type { TrustListing } from '../../risk/trusted-listing.ts';
import { spendCode } from '../otp-codes.ts';
import { issuePurchaseCode } from './codes.ts';
import { type ChallengeContext, loadChallengeContext } from './context.ts';
import type { ChallengeDeps } from './deps.ts';
import { endChallenge, endOverdueChallenge } from './end.ts';

/**
 * What the member can do in an open challenge, the same for the browser page and the app's native screens:
 * each channel turns the outcome into its own answer (a page, a CRes).
 */
export type ActOutcome =
  /** The challenge ended with this action: the CAVV (on success) and the RReq are committed. */
  | { kind: 'ended'; txn: TransactionRow; rreqJobId: string }
  /** Still open: show the challenge again, with this notice. */
  | { kind: 'open'; notice?: ChallengeNotice }
  /** It had already ended (a race with the sweeper, a lock, another request): show what is there. */
  | { kind: 'not_open' };

/** The MAC an entered e-net ID is compared by (never the plain ID, and in constant time). */
export function enetIdMac(keys: KeyRing, enetId: string): string {
  return keys.mac('token', `enet:${enetId}`);
}

/** Ends the challenge with a result and delivers the RReq before the final answer (waiting a few seconds). */
export async function finishChallenge(
  deps: ChallengeDeps,
  txn: TransactionRow,
  result: ChallengeResult,
  trustListing?: TrustListing,
): Promise<ActOutcome> {
  const at = deps.clock.now();
  const ended = await withTransaction(deps.db, (trx) =>
    endChallenge(trx, deps.keys, txn.acs_trans_id, result, at, { trustListing, deliveredByCaller: true }),
  );
  if (!ended) return { kind: 'not_open' };
  await deps.deliverNow(ended.rreqJob);
  return { kind: 'ended', txn: ended.txn, rreqJobId: ended.rreqJob.id };
}

/**
 * A CReq or page post that arrives after the challenge's deadline ends it as the timeout sweeper would
 * (N / 14, challengeCancel 05 or 04) and never opens it or sends a code. Whichever of this and the sweeper
 * gets the row first ends it; the other finds nothing to end, so the RReq is queued once.
 */
export async function finishOverdue(deps: ChallengeDeps, acsTransID: string): Promise<ActOutcome> {
  const at = deps.clock.now();
  const ended = await withTransaction(deps.db, (trx) =>
    endOverdueChallenge(trx, deps.keys, acsTransID, at, { deliveredByCaller: true }),
  );
  if (!ended) return { kind: 'not_open' };
  await deps.deliverNow(ended.rreqJob);
  return { kind: 'ended', txn: ended.txn, rreqJobId: ended.rreqJob.id };
}

/**
 * Checks an e-net ID (as its MAC) and a one-time code together: both must match and fail with one message
 * (terms art. 4-2). The code is consumed atomically; every miss counts, and the fifth ends the challenge N / 19.
 */
export async function checkCredentials(
  deps: ChallengeDeps,
  txn: TransactionRow,
  enteredIdMac: string,
  otpInput: string,
  trustListing?: TrustListing,
  /** The context when the caller read it with the transaction (`swapFormNonce`). */
  known?: ChallengeContext,
): Promise<ActOutcome> {
  const ctx = known ?? (await loadChallengeContext(deps.db, deps.keys, txn));
  if (ctx.enrollment !== 'enrolled') return finishChallenge(deps, txn, RESULTS.lockedDuringChallenge);
  const at = deps.clock.now();
  const code = normaliseSubmittedCode(otpInput);
  const idMatches = macsEqual(enteredIdMac, enetIdMac(deps.keys, txn.enet_id ?? ''));
  const check = await spendCode(deps.db, deps.keys, 'purchase', txn.acs_trans_id, code, at, idMatches);
  if (check === 'expired') return { kind: 'open', notice: { kind: 'code_expired' } };
  if (check === 'spent') return finishChallenge(deps, txn, RESULTS.authenticated, trustListing);
  const failures = (await countWrongCode(deps.db, txn.acs_trans_id, MAX_WRONG_SUBMITS, at)) ?? MAX_WRONG_SUBMITS;
  if (failures >= MAX_WRONG_SUBMITS) return finishChallenge(deps, txn, RESULTS.wrongCodeLimit);
  return { kind: 'open', notice: { kind: 'wrong_credentials', attemptsLeft: MAX_WRONG_SUBMITS - failures } };
}

/** A new code by SMS, within the SMS-pumping limits (per transaction, phone, client address; 60 s apart). */
export async function resendCode(
  deps: ChallengeDeps,
  txn: TransactionRow,
  clientIp: string,
  known?: ChallengeContext,
): Promise<ActOutcome> {
  const at = deps.clock.now();
  const ctx = known ?? (await loadChallengeContext(deps.db, deps.keys, txn));
  if (ctx.enrollment !== 'enrolled' || !ctx.phone) return finishChallenge(deps, txn, RESULTS.lockedDuringChallenge);
  if (deps.smsPaused(txn)) return { kind: 'open', notice: { kind: 'sms_paused' } };
  const ipCount = await countHit(deps.db, deps.keys, `sms-ip:${clientIp}`, at, 3600_000);
  const refusal = mayResend(
    {
      sendsForTransaction: txn.otp_sends,
      lastSentAt: txn.last_otp_sent_at ? new Date(txn.last_otp_sent_at) : null,
      sendsToPhoneLast24h: await sendsToPhoneSince(deps.db, deps.keys, ctx.phone, new Date(at.getTime() - 86_400_000)),
      sendsFromIpLastHour: ipCount - 1,
    },
    at,
  );
  if (refusal) {
    const notice: ChallengeNotice =
      refusal.reason === 'cooldown'
        ? { kind: 'resend_cooldown', secondsLeft: refusal.secondsLeft }
        : { kind: 'resend_limit' };
    return { kind: 'open', notice };
  }
  const { smsJob } = await withTransaction(deps.db, (trx) =>
    issuePurchaseCode(trx, deps.keys, txn, deps.smsSettings(ctx), at),
  );
  deps.dispatchNow(smsJob);
  return { kind: 'open', notice: { kind: 'code_resent' } };
}
