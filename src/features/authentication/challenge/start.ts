import type { ChallengeNotice } from '../../../core/challenge-view.ts';
import { MAX_SENDS_PER_PHONE_PER_DAY } from '../../../core/otp-policy.ts';
import { CHALLENGE_TIMEOUT_MS } from '../../../core/transaction-state.ts';
import { sendsToPhoneSince } from '../../../infra/channels/sms/job.ts';
import { withTransaction } from '../../../storage/database.ts';
import { move, type StateFields } from '../../../storage/repositories/transactions.ts';
import type { TransactionRow } from '../../../storage/schema.ts';
import { passkeyComesFirst } from '../../passkeys/challenge.ts';
import { issuePurchaseCode } from './codes.ts';
import { type ChallengeContext, loadChallengeContext } from './context.ts';
import type { ChallengeDeps } from './deps.ts';

/** What each channel keeps about its open challenge (browser: window, session data, form nonce; app: its screen). */
export type ChannelFields = Pick<
  StateFields,
  'challenge_window_size' | 'session_data' | 'form_nonce' | 'app_step' | 'creq_digest'
>;

export interface StartedChallenge {
  txn: TransactionRow;
  ctx: ChallengeContext;
  /** code_sent, or why no code went out (SMS paused, the phone's daily limit); none when the passkey comes first. */
  notice: ChallengeNotice | undefined;
}

/**
 * The first CReq of either channel: challenge_issued → challenge_in_progress with the 10-minute deadline, and
 * the code sent by SMS in the same commit (docs/interfaces.md: the code goes when the challenge first opens).
 * Undefined when a concurrent first CReq won (that one sent the code), or when the first-CReq deadline had
 * passed: the same conditional update checks it, so a late CReq can never open the challenge.
 */
export async function beginChallenge(
  deps: ChallengeDeps,
  txn: TransactionRow,
  fields: ChannelFields,
  detail: string,
  /** The context when the caller read it with the transaction (`findWithContext`). */
  known?: ChallengeContext,
): Promise<StartedChallenge | undefined> {
  const at = deps.clock.now();
  const ctx = known ?? (await loadChallengeContext(deps.db, deps.keys, txn));
  // Passkey offered first (docs/passkeys.md): no SMS until the member taps 「SMS で認証する」 (act.ts resendCode).
  const passkeyFirst = await passkeyComesFirst(deps, txn, ctx, at);
  const result = await withTransaction(deps.db, async (trx) => {
    const started = await move(trx, txn.acs_trans_id, {
      from: 'challenge_issued',
      to: 'challenge_in_progress',
      at,
      detail,
      set: { ...fields, deadline_at: new Date(at.getTime() + CHALLENGE_TIMEOUT_MS), interaction_count: 1 },
      deadlineAhead: true,
    });
    if (!started) return undefined;
    if (passkeyFirst) return { started, smsJob: undefined, refused: 'passkey_first' as const };
    if (!ctx.phone || deps.smsPaused(txn)) return { started, smsJob: undefined, refused: 'sms_paused' as const };
    const dayAgo = new Date(at.getTime() - 86_400_000);
    // Counted with the transaction's read when the caller did (the browser CReq: one statement less).
    const sends = ctx.sendsToPhoneLastDay ?? (await sendsToPhoneSince(trx, deps.keys, ctx.phone, dayAgo));
    if (sends >= MAX_SENDS_PER_PHONE_PER_DAY) {
      return { started, smsJob: undefined, refused: 'resend_limit' as const };
    }
    const { smsJob } = await issuePurchaseCode(trx, deps.keys, started, deps.smsSettings(ctx), at);
    return { started, smsJob, refused: undefined };
  });
  if (!result) return undefined;
  if (result.smsJob) deps.dispatchNow(result.smsJob);
  return {
    txn: result.started,
    ctx,
    notice: result.smsJob
      ? { kind: 'code_sent' }
      : result.refused === 'passkey_first'
        ? undefined
        : { kind: result.refused ?? 'sms_paused' },
  };
}
