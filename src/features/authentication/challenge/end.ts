import {
  type ChallengeResult,
  isOverdue,
  OPEN_CHALLENGE_STATES,
  overdueResult,
} from '../../../core/transaction-state.ts';
import { issueCavv } from '../../../infra/crypto/cavv-keys.ts';
import type { KeyRing } from '../../../infra/crypto/keyring.ts';
import { sealMessageBody } from '../../../infra/crypto/sealed-message.ts';
import { newId } from '../../../infra/ids.ts';
import { enqueueJob } from '../../../infra/jobs/queue.ts';
import { buildRReq, type OutgoingMessage } from '../../../protocol/outgoing.ts';
import type { MessageVersion } from '../../../protocol/versions.ts';
import type { Db } from '../../../storage/database.ts';
import type { TransactionRow } from '../../../storage/schema.ts';

export interface EndedChallenge {
  txn: TransactionRow;
  rreqJobId: string;
}

type OpenState = 'challenge_issued' | 'challenge_in_progress';

/**
 * Ends an open challenge with its result, in the caller's transaction: the row is locked, then one
 * conditional update (so only one ending wins, whatever races), the CAVV for a success, and the RReq queued
 * with its final content so every retry sends the same message. Undefined when the challenge had already ended.
 */
export async function endChallenge(
  trx: Db,
  keys: KeyRing,
  acsTransID: string,
  result: ChallengeResult,
  at: Date,
): Promise<EndedChallenge | undefined> {
  const from = await lockOpen(trx, acsTransID);
  return from ? endLocked(trx, keys, acsTransID, from.state, result, at) : undefined;
}

/**
 * Ends a challenge only if its deadline has passed (a late CReq, a page posted too late), with the result the
 * timeout sweeper would give it. Undefined when it is not overdue or had already ended.
 */
export async function endOverdueChallenge(
  trx: Db,
  keys: KeyRing,
  acsTransID: string,
  at: Date,
): Promise<EndedChallenge | undefined> {
  const from = await lockOpen(trx, acsTransID);
  if (!from || !isOverdue(from.deadline_at, at)) return undefined;
  return endLocked(trx, keys, acsTransID, from.state, overdueResult(from.state), at);
}

async function lockOpen(trx: Db, acsTransID: string) {
  const row = await trx
    .selectFrom('transactions')
    .select(['state', 'deadline_at'])
    .where('acs_trans_id', '=', acsTransID)
    .where('state', 'in', OPEN_CHALLENGE_STATES)
    .forUpdate()
    .executeTakeFirst();
  return row ? { state: row.state as OpenState, deadline_at: row.deadline_at } : undefined;
}

async function endLocked(
  trx: Db,
  keys: KeyRing,
  acsTransID: string,
  from: OpenState,
  result: ChallengeResult,
  at: Date,
): Promise<EndedChallenge | undefined> {
  let cavv: string | null = null;
  let eci = '07';
  if (result.state === 'authenticated') {
    const pan = await panOf(trx, keys, acsTransID);
    const issued = issueCavv(keys, pan, 'authenticated');
    cavv = issued.cavv;
    eci = issued.eci;
  }
  const txn = await trx
    .updateTable('transactions')
    .set({
      state: result.state,
      trans_status: result.transStatus,
      trans_status_reason: result.transStatusReason ?? null,
      challenge_cancel: result.challengeCancel ?? null,
      eci,
      cavv,
      deadline_at: null,
      form_nonce: null,
      updated_at: at,
    })
    .where('acs_trans_id', '=', acsTransID)
    .where('state', '=', from)
    .returningAll()
    .executeTakeFirst();
  if (!txn) return undefined;
  await trx
    .insertInto('transaction_events')
    .values({ acs_trans_id: acsTransID, at, from_state: from, to_state: result.state, detail: eventDetail(result) })
    .execute();
  const rreq = rreqFor(txn, result, eci, cavv);
  await trx
    .insertInto('messages')
    .values({
      id: newId('msg', at.getTime()),
      acs_trans_id: acsTransID,
      three_ds_server_trans_id: txn.three_ds_server_trans_id,
      ds_trans_id: txn.ds_trans_id,
      direction: 'out',
      message_type: 'RReq',
      ...sealMessageBody(keys, rreq),
      created_at: at,
    })
    .execute();
  const rreqJobId = await enqueueJob(trx, { kind: 'rreq', payload: rreqPayload(txn, rreq), at });
  return { txn, rreqJobId };
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
  });
}

/** The RReq job's payload (read back by jobs/rreq.ts). */
export function rreqPayload(txn: Pick<TransactionRow, 'acs_trans_id' | 'rreq_url'>, rreq: OutgoingMessage) {
  return { acsTransID: txn.acs_trans_id, url: txn.rreq_url, message: rreq };
}

async function panOf(trx: Db, keys: KeyRing, acsTransID: string): Promise<string> {
  const row = await trx
    .selectFrom('transactions')
    .innerJoin('cards', 'cards.card_ref', 'transactions.card_ref')
    .select('cards.pan_enc')
    .where('transactions.acs_trans_id', '=', acsTransID)
    .executeTakeFirstOrThrow();
  return keys.decrypt(row.pan_enc, 'pan');
}

/**
 * Ends every open challenge of a member (lost/stolen lock, phone change, deregistration), each with an RReq.
 */
export async function endOpenChallengesForMember(
  trx: Db,
  keys: KeyRing,
  enetId: string,
  result: ChallengeResult,
  at: Date,
): Promise<string[]> {
  const open = await trx
    .selectFrom('transactions')
    .select('acs_trans_id')
    .where('enet_id', '=', enetId)
    .where('state', 'in', OPEN_CHALLENGE_STATES)
    .execute();
  const jobs: string[] = [];
  for (const { acs_trans_id } of open) {
    const ended = await endChallenge(trx, keys, acs_trans_id, result, at);
    if (ended) jobs.push(ended.rreqJobId);
  }
  return jobs;
}
