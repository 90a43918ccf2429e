import { type ChallengeResult, isOverdue, overdueResult } from '../../../core/transaction-state.ts';
import { issueCavv } from '../../../infra/crypto/cavv-keys.ts';
import type { KeyRing } from '../../../infra/crypto/keyring.ts';
import { newId } from '../../../infra/ids.ts';
import { buildRReq, type OutgoingMessage } from '../../../protocol/outgoing.ts';
import type { MessageVersion } from '../../../protocol/versions.ts';
import type { Executor } from '../../../storage/database.ts';
import { newJobRow } from '../../../storage/repositories/jobs.ts';
import { type LoggedMessage, messageLogRow } from '../../../storage/repositories/message-log.ts';
import { lockOpenChallenge, move, openChallengesOfMember } from '../../../storage/repositories/transactions.ts';
import type { JobRow, TransactionRow } from '../../../storage/schema.ts';
import {
  addTrustedMerchantFromChallenge,
  type TrustListing,
  trustListedRReqFields,
} from '../../risk/trusted-listing.ts';

export interface EndedChallenge {
  txn: TransactionRow;
  /** The RReq's job as inserted: claimed when the caller said it delivers it (`EndingOptions`). */
  rreqJob: JobRow;
}

export interface EndingOptions {
  /** The member ticked "trust this shop" and the challenge succeeded (issue #20 item 5). */
  trustListing?: TrustListing | undefined;
  /**
   * The caller delivers the RReq itself once its transaction commits (`rreqJob`, JobWorker.runClaimed): the job is
   * created already claimed. Otherwise the worker takes it.
   */
  deliveredByCaller?: boolean;
}

/**
 * Ends an open challenge with its result, in the caller's transaction: the row is locked, then one conditional
 * move of the transaction aggregate (so only one ending wins, whatever races), the CAVV for a success, and the RReq
 * queued with its final content so every retry sends the same message. Undefined when the challenge had already
 * ended.
 */
export async function endChallenge(
  trx: Executor,
  keys: KeyRing,
  acsTransID: string,
  result: ChallengeResult,
  at: Date,
  options: EndingOptions = {},
): Promise<EndedChallenge | undefined> {
  const from = await lockOpenChallenge(trx, acsTransID);
  return from ? endLocked(trx, keys, acsTransID, from, result, at, options) : undefined;
}

/**
 * Ends a challenge only if its deadline has passed (a late CReq, a page posted too late), with the result the
 * timeout sweeper would give it. Undefined when it is not overdue or had already ended.
 */
export async function endOverdueChallenge(
  trx: Executor,
  keys: KeyRing,
  acsTransID: string,
  at: Date,
  options: Pick<EndingOptions, 'deliveredByCaller'> = {},
): Promise<EndedChallenge | undefined> {
  const from = await lockOpenChallenge(trx, acsTransID);
  if (!from || !isOverdue(from.deadline_at, at)) return undefined;
  return endLocked(trx, keys, acsTransID, from, overdueResult(from.state), at, options);
}

async function endLocked(
  trx: Executor,
  keys: KeyRing,
  acsTransID: string,
  locked: NonNullable<Awaited<ReturnType<typeof lockOpenChallenge>>>,
  result: ChallengeResult,
  at: Date,
  { trustListing, deliveredByCaller = false }: EndingOptions,
): Promise<EndedChallenge | undefined> {
  let cavv: string | null = null;
  let eci = '07';
  if (result.state === 'authenticated') {
    if (!locked.pan_enc) throw new Error('an authenticated challenge without its card');
    const pan = keys.decrypt(locked.pan_enc, 'pan');
    const issued = issueCavv(keys, pan, 'authenticated', at);
    cavv = issued.cavv;
    eci = issued.eci;
  }
  // Built from the locked row (the move below changes none of what the RReq carries), so the move, its event,
  // the RReq's log row and its job are one statement.
  let rreq = rreqFor(locked, result, eci, cavv);
  // Trusted merchants (issue #20 item 5, docs/risk.md): the member ticked the box and the challenge succeeded.
  const trusted = trustListing && result.state === 'authenticated' ? trustListing : undefined;
  if (trusted) rreq = { ...rreq, ...trustListedRReqFields(trusted) };
  const rreqJob = newJobRow(
    { id: newId('job', at.getTime()), kind: 'rreq', payload: rreqPayload(locked, rreq), at },
    deliveredByCaller,
  );
  const txn = await move(trx, acsTransID, {
    from: locked.state,
    to: result.state,
    at,
    detail: eventDetail(result),
    set: {
      trans_status: result.transStatus,
      trans_status_reason: result.transStatusReason ?? null,
      challenge_cancel: result.challengeCancel ?? null,
      eci,
      cavv,
      deadline_at: null,
      form_nonce: null,
    },
    rreq: {
      message: messageLogRow(keys, rreqLogEntry(locked, rreq, at)),
      job: rreqJob,
    },
  });
  // The row is locked in this transaction in `locked.state`: the move cannot miss it; if it did, the log row and
  // the job written with it must not stay.
  if (!txn) throw new Error('a locked open challenge did not move');
  if (trusted) await addTrustedMerchantFromChallenge(trx, keys, txn, trusted, at);
  return { txn, rreqJob };
}

/** The RReq as the message log keeps it. */
export function rreqLogEntry(
  txn: Pick<TransactionRow, 'acs_trans_id' | 'three_ds_server_trans_id' | 'ds_trans_id'>,
  rreq: OutgoingMessage,
  at: Date,
): LoggedMessage {
  return {
    acsTransID: txn.acs_trans_id,
    threeDSServerTransID: txn.three_ds_server_trans_id,
    dsTransID: txn.ds_trans_id,
    direction: 'out',
    messageType: 'RReq',
    body: rreq,
    at,
  };
}

/** The transaction event's detail: transStatus / reason / challengeCancel. */
export function eventDetail(result: ChallengeResult): string {
  return [result.transStatus, result.transStatusReason, result.challengeCancel].filter(Boolean).join('/');
}

/** The RReq a challenge's result is reported with (fixed here, so every retry sends the same bytes). */
export function rreqFor(
  txn: Pick<
    TransactionRow,
    | 'acs_trans_id'
    | 'message_version'
    | 'device_channel'
    | 'sdk_trans_id'
    | 'three_ds_server_trans_id'
    | 'ds_trans_id'
    | 'message_category'
    | 'interaction_count'
  >,
  result: ChallengeResult,
  eci: string,
  cavv: string | null,
): OutgoingMessage {
  return buildRReq({
    version: txn.message_version as MessageVersion,
    deviceChannel: txn.device_channel,
    sdkTransID: txn.sdk_trans_id,
    threeDSServerTransID: txn.three_ds_server_trans_id,
    acsTransID: txn.acs_trans_id,
    dsTransID: txn.ds_trans_id,
    messageCategory: txn.message_category,
    transStatus: result.transStatus,
    transStatusReason: result.transStatusReason ?? null,
    challengeCancel: result.challengeCancel ?? null,
    eci,
    authenticationValue: cavv,
    interactionCounter: Math.max(1, txn.interaction_count),
    ...(result.method && { method: result.method }),
  });
}

/** The RReq job's payload (read back by protocol/exchanges/rreq.ts). */
export function rreqPayload(txn: Pick<TransactionRow, 'acs_trans_id' | 'rreq_url'>, rreq: OutgoingMessage) {
  return { acsTransID: txn.acs_trans_id, url: txn.rreq_url, message: rreq };
}

/**
 * Ends every open challenge of a member (lost/stolen lock, phone change, deregistration), each with an RReq.
 */
export async function endOpenChallengesForMember(
  trx: Executor,
  keys: KeyRing,
  enetId: string,
  result: ChallengeResult,
  at: Date,
): Promise<string[]> {
  const jobs: string[] = [];
  for (const acs_trans_id of await openChallengesOfMember(trx, enetId)) {
    const ended = await endChallenge(trx, keys, acs_trans_id, result, at);
    if (ended) jobs.push(ended.rreqJob.id);
  }
  return jobs;
}
