import { MAX_WRONG_SUBMITS, mayResend, normaliseSubmittedCode } from '../../core/otp-policy.ts';
import { RESULTS } from '../../core/transaction-state.ts';
import { newFormNonce, readFormToken } from '../../crypto/form-token.ts';
import { macsEqual, otpMac } from '../../crypto/otp.ts';
import type { TransactionRow } from '../../storage/schema.ts';
import { countHit } from '../rate-limit.ts';
import { sendsToPhoneSince } from '../sms.ts';
import { issuePurchaseCode } from './codes.ts';
import { loadChallengeContext } from './context.ts';
import type { ChallengeDeps } from './deps.ts';
import { endChallenge } from './end.ts';
import { showAgain } from './open.ts';
import type { ChallengeStep } from './steps.ts';

export type ChallengeAction =
  | { type: 'submit'; enetId: string; otp: string }
  | { type: 'resend'; clientIp: string }
  | { type: 'cancel' }
  | { type: 'redisplay' };

/**
 * A form post from the challenge page. The token is checked, then spent by swapping the stored nonce in one
 * conditional update: a replayed or concurrent post of the same page finds nothing to swap.
 */
export async function actOnChallenge(
  deps: ChallengeDeps,
  token: string,
  action: ChallengeAction,
): Promise<ChallengeStep> {
  const read = readFormToken(deps.keys, token);
  if (!read) return { kind: 'error', error: 'bad_request', status: 400 };
  const txn = await deps.db
    .updateTable('transactions')
    .set({ form_nonce: newFormNonce(), interaction_count: (eb) => eb('interaction_count', '+', 1) })
    .where('acs_trans_id', '=', read.acsTransID)
    .where('form_nonce', '=', read.nonce)
    .where('state', '=', 'challenge_in_progress')
    .returningAll()
    .executeTakeFirst();
  if (!txn) {
    const step = await showAgain(deps, read.acsTransID, { kind: 'stale_form' });
    return step;
  }
  switch (action.type) {
    case 'cancel':
      return finish(deps, txn, RESULTS.cancelledByCardholder);
    case 'redisplay':
      return showAgain(deps, txn.acs_trans_id);
    case 'resend':
      return resend(deps, txn, action.clientIp);
    case 'submit':
      return submit(deps, txn, action.enetId, action.otp);
  }
}

async function finish(
  deps: ChallengeDeps,
  txn: TransactionRow,
  result: (typeof RESULTS)[keyof typeof RESULTS],
): Promise<ChallengeStep> {
  const at = deps.clock.now();
  const ended = await deps.db
    .transaction()
    .execute((trx) => endChallenge(trx, deps.keys, txn.acs_trans_id, result, at));
  if (!ended) return showAgain(deps, txn.acs_trans_id);
  await deps.deliverNow(ended.rreqJobId);
  return { kind: 'final', txn: ended.txn, rreqJobId: ended.rreqJobId };
}

async function submit(
  deps: ChallengeDeps,
  txn: TransactionRow,
  enetIdInput: string,
  otpInput: string,
): Promise<ChallengeStep> {
  const enetId = enetIdInput.trim();
  if (enetId === '' || otpInput.trim() === '')
    return showAgain(deps, txn.acs_trans_id, { kind: 'missing_fields' }, enetId);
  const ctx = await loadChallengeContext(deps.db, deps.keys, txn);
  if (ctx.enrollment !== 'enrolled') return finish(deps, txn, RESULTS.lockedDuringChallenge);
  const at = deps.clock.now();
  const code = normaliseSubmittedCode(otpInput);
  // e-net ID and code are checked together and fail with one message (terms art. 4-2: both must match).
  const idMatches = macsEqual(
    deps.keys.mac('token', `enet:${enetId}`),
    deps.keys.mac('token', `enet:${txn.enet_id ?? ''}`),
  );
  const current = await deps.db
    .selectFrom('otp_codes')
    .select(['id', 'code_mac', 'expires_at', 'used_at'])
    .where('subject', '=', txn.acs_trans_id)
    .where('purpose', '=', 'purchase')
    .where('superseded_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const codeMatches =
    code !== undefined &&
    current !== undefined &&
    macsEqual(current.code_mac, otpMac(deps.keys, 'purchase', txn.acs_trans_id, code));
  if (idMatches && codeMatches && current) {
    if (new Date(current.expires_at).getTime() <= at.getTime()) {
      return showAgain(deps, txn.acs_trans_id, { kind: 'code_expired' }, enetId);
    }
    const consumed = await deps.db
      .updateTable('otp_codes')
      .set({ used_at: at })
      .where('id', '=', current.id)
      .where('used_at', 'is', null)
      .where('superseded_at', 'is', null)
      .where('expires_at', '>', at)
      .returning('id')
      .executeTakeFirst();
    if (consumed) return finish(deps, txn, RESULTS.authenticated);
  }
  const counted = await deps.db
    .updateTable('transactions')
    .set((eb) => ({ otp_failures: eb('otp_failures', '+', 1), updated_at: at }))
    .where('acs_trans_id', '=', txn.acs_trans_id)
    .where('otp_failures', '<', MAX_WRONG_SUBMITS)
    .returning('otp_failures')
    .executeTakeFirst();
  const failures = counted?.otp_failures ?? MAX_WRONG_SUBMITS;
  if (failures >= MAX_WRONG_SUBMITS) return finish(deps, txn, RESULTS.wrongCodeLimit);
  return showAgain(
    deps,
    txn.acs_trans_id,
    { kind: 'wrong_credentials', attemptsLeft: MAX_WRONG_SUBMITS - failures },
    enetId,
  );
}

async function resend(deps: ChallengeDeps, txn: TransactionRow, clientIp: string): Promise<ChallengeStep> {
  const at = deps.clock.now();
  const ctx = await loadChallengeContext(deps.db, deps.keys, txn);
  if (ctx.enrollment !== 'enrolled' || !ctx.phone) return finish(deps, txn, RESULTS.lockedDuringChallenge);
  if (deps.smsPaused(txn)) return showAgain(deps, txn.acs_trans_id, { kind: 'sms_paused' });
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
    const notice =
      refusal.reason === 'cooldown'
        ? { kind: 'resend_cooldown' as const, secondsLeft: refusal.secondsLeft }
        : { kind: 'resend_limit' as const };
    return showAgain(deps, txn.acs_trans_id, notice);
  }
  const { smsJobId } = await deps.db
    .transaction()
    .execute((trx) => issuePurchaseCode(trx, deps.keys, txn, deps.smsSettings(ctx), at));
  deps.dispatchNow(smsJobId);
  return showAgain(deps, txn.acs_trans_id, { kind: 'code_resent' });
}
