import type { ChallengeNotice } from '../../../core/challenge-view.ts';
import {
  CHALLENGE_TIMEOUT_MS,
  type ChallengeResult,
  isOpenChallenge,
  isOutcome,
  isOverdue,
  RESULTS,
} from '../../../core/transaction-state.ts';
import { setAppStep, takeAppCounter } from '../../../storage/repositories/transaction-challenge.ts';
import { findTransaction } from '../../../storage/repositories/transactions.ts';
import type { TransactionRow } from '../../../storage/schema.ts';
import type { AppChallengeStep } from '../../../storage/tables/app-channel.ts';
import { type ActOutcome, checkCredentials, enetIdMac, finishChallenge, finishOverdue, resendCode } from './act.ts';
import { type ChallengeContext, loadChallengeContext } from './context.ts';
import type { ChallengeDeps } from './deps.ts';
import { beginChallenge } from './start.ts';

/**
 * The app challenge (deviceChannel 01) after its CReq was decrypted and validated: counters, then the same
 * actions as the browser page. The native text UI has one entry field per screen, so the member gives the
 * e-net ID on the first screen and the code on the second; both are checked together on the second.
 */

/** What the CReq asks, read from its members (challengeCancel, resendChallenge, challengeDataEntry). */
export type AppCReqAction =
  | { type: 'cancel'; challengeCancel: string }
  | { type: 'resend' }
  /** `value` undefined: nothing was typed (challengeNoEntry Y, or no challengeDataEntry). */
  | { type: 'entry'; value: string | undefined };

export type AppReply =
  | {
      kind: 'screen';
      txn: TransactionRow;
      ctx: ChallengeContext;
      step: AppChallengeStep;
      notice: ChallengeNotice | undefined;
      acsCounterAtoS: number;
    }
  | { kind: 'final'; txn: TransactionRow; acsCounterAtoS: number }
  /** Erro: 302 counter not the expected one, 402 the challenge timed out. Nothing changed. */
  | { kind: 'refused'; errorCode: '302' | '402'; errorDetail: string };

/** More rounds than any member needs; the cap also keeps acsCounterAtoS (one byte, in the GCM IV) from wrapping. */
const MAX_APP_ROUNDS = 100;

const timedOut = (txn: TransactionRow) =>
  txn.state === 'timed_out' || (!isOpenChallenge(txn.state) && txn.trans_status_reason === '14');

/** challengeCancel from the SDK → the result the RReq reports (docs/emv-codes.md §7; 01 = the cardholder cancelled). */
function cancelResult(challengeCancel: string): ChallengeResult {
  if (challengeCancel === '01') return RESULTS.cancelledByCardholder;
  const known = ['06', '07', '08'].includes(challengeCancel) ? challengeCancel : '07';
  return { state: 'cancelled', transStatus: 'N', transStatusReason: '01', challengeCancel: known };
}

export async function answerAppCReq(
  deps: ChallengeDeps,
  txn: TransactionRow,
  sdkCounterStoA: number,
  action: AppCReqAction,
  clientIp: string,
): Promise<AppReply> {
  const at = deps.clock.now();
  if (timedOut(txn)) return TIMED_OUT;
  // EMV 3DS §5.5: a CReq after the deadline (30 s for the first, 10 minutes after the last CRes) ends the
  // challenge N / 14 as the sweeper would, is answered Erro 402, and never opens it or sends a code.
  if (isOpenChallenge(txn.state) && isOverdue(txn.deadline_at, at)) return late(deps, txn);
  // EMV 3DS §6.2.4: the counter must be the next expected one; taking it in one conditional update means a
  // replayed or concurrent copy of the same CReq finds nothing to take. The same update moves an open
  // challenge's deadline to 10 minutes after the CRes this CReq gets (never reviving one already overdue).
  const nextDeadline = new Date(at.getTime() + CHALLENGE_TIMEOUT_MS);
  const taken = await takeAppCounter(deps.db, txn.acs_trans_id, sdkCounterStoA, at, nextDeadline);
  if (!taken || taken.app_acs_counter === null) {
    return { kind: 'refused', errorCode: '302', errorDetail: 'sdkCounterStoA' };
  }
  const acsCounterAtoS = taken.app_acs_counter - 1;
  if (!isOpenChallenge(taken.state)) return ended(taken, acsCounterAtoS);
  if (isOverdue(taken.deadline_at, at)) return late(deps, taken);
  if (sdkCounterStoA >= MAX_APP_ROUNDS) {
    return reply(deps, taken, await finishChallenge(deps, taken, RESULTS.wrongCodeLimit), acsCounterAtoS);
  }
  if (action.type === 'cancel') {
    return reply(deps, taken, await finishChallenge(deps, taken, cancelResult(action.challengeCancel)), acsCounterAtoS);
  }
  if (taken.state === 'challenge_issued') {
    const started = await beginChallenge(deps, taken, { app_step: 'enet_id' }, 'app');
    if (!started) {
      // The deadline passed just now (then it ends here), or a concurrent first CReq won.
      if ((await finishOverdue(deps, taken.acs_trans_id)).kind === 'ended') return TIMED_OUT;
      return reply(deps, taken, { kind: 'open' }, acsCounterAtoS);
    }
    const { txn: open, ctx, notice } = started;
    return { kind: 'screen', txn: open, ctx, step: 'enet_id', notice, acsCounterAtoS };
  }
  if (action.type === 'resend') return reply(deps, taken, await resendCode(deps, taken, clientIp), acsCounterAtoS);
  const value = action.value?.trim() ?? '';
  if (value === '') return reply(deps, taken, { kind: 'open', notice: { kind: 'missing_fields' } }, acsCounterAtoS);
  if (taken.app_step !== 'code') {
    const moved = await toStep(deps, taken, 'code', enetIdMac(deps.keys, value));
    return reply(deps, moved ?? taken, { kind: moved ? 'open' : 'not_open' }, acsCounterAtoS);
  }
  const outcome = await checkCredentials(deps, taken, taken.app_enet_id_mac ?? '', value);
  if (outcome.kind === 'open' && outcome.notice?.kind === 'wrong_credentials') {
    // One message for a wrong ID or code, so the member starts again from the ID (terms art. 4-2).
    const back = await toStep(deps, taken, 'enet_id', null);
    return reply(deps, back ?? taken, back ? outcome : { kind: 'not_open' }, acsCounterAtoS);
  }
  return reply(deps, taken, outcome, acsCounterAtoS);
}

const TIMED_OUT: AppReply = { kind: 'refused', errorCode: '402', errorDetail: 'acsTransID' };

async function late(deps: ChallengeDeps, txn: TransactionRow): Promise<AppReply> {
  await finishOverdue(deps, txn.acs_trans_id);
  return TIMED_OUT;
}

async function toStep(
  deps: ChallengeDeps,
  txn: TransactionRow,
  step: AppChallengeStep,
  enteredIdMac: string | null,
): Promise<TransactionRow | undefined> {
  return setAppStep(deps.db, txn.acs_trans_id, step, enteredIdMac, deps.clock.now());
}

/** The app's answer to an action's outcome: the final CRes, or the current screen again. */
async function reply(
  deps: ChallengeDeps,
  txn: TransactionRow,
  outcome: ActOutcome,
  acsCounterAtoS: number,
): Promise<AppReply> {
  if (outcome.kind === 'ended') return { kind: 'final', txn: outcome.txn, acsCounterAtoS };
  const current = await findTransaction(deps.db, txn.acs_trans_id);
  if (!current) throw new Error('a challenge transaction vanished');
  if (outcome.kind === 'not_open' || !isOpenChallenge(current.state)) return ended(current, acsCounterAtoS);
  const ctx = await loadChallengeContext(deps.db, deps.keys, current);
  const step = current.app_step ?? 'enet_id';
  return { kind: 'screen', txn: current, ctx, step, notice: outcome.notice, acsCounterAtoS };
}

/** A challenge that already ended answers with its final CRes; a timed-out one with Erro 402. */
function ended(txn: TransactionRow, acsCounterAtoS: number): AppReply {
  if (timedOut(txn)) return TIMED_OUT;
  if (isOutcome(txn.state) || txn.state === 'result_sent' || txn.state === 'result_acknowledged') {
    return { kind: 'final', txn, acsCounterAtoS };
  }
  return { kind: 'refused', errorCode: '402', errorDetail: 'acsTransID' };
}
