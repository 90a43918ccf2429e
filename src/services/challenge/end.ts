import type { ChallengeResult } from '../../core/transaction-state.ts';
import { issueCavv } from '../../crypto/cavv-keys.ts';
import type { KeyRing } from '../../crypto/keyring.ts';
import { sealMessageBody } from '../../crypto/sealed-message.ts';
import { newId } from '../../ids.ts';
import { enqueueJob } from '../../jobs/queue.ts';
import { buildRReq } from '../../protocol/outgoing.ts';
import type { MessageVersion } from '../../protocol/versions.ts';
import type { Db } from '../../storage/database.ts';
import type { TransactionRow } from '../../storage/schema.ts';

export interface EndedChallenge {
  txn: TransactionRow;
  rreqJobId: string;
}

/**
 * Ends an open challenge with its result, in the caller's transaction: one conditional update (so only one
 * ending wins, whatever races), the CAVV for a success, and the RReq queued with its final content so
 * every retry sends the same message. Returns undefined when the challenge had already ended.
 */
export async function endChallenge(
  trx: Db,
  keys: KeyRing,
  acsTransID: string,
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
    .where('state', 'in', ['challenge_issued', 'challenge_in_progress'])
    .returningAll()
    .executeTakeFirst();
  if (!txn) return undefined;
  await trx
    .insertInto('transaction_events')
    .values({
      acs_trans_id: acsTransID,
      at,
      from_state: 'challenge_in_progress',
      to_state: result.state,
      detail: [result.transStatus, result.transStatusReason, result.challengeCancel].filter(Boolean).join('/'),
    })
    .execute();
  const rreq = buildRReq({
    version: txn.message_version as MessageVersion,
    deviceChannel: txn.device_channel,
    sdkTransID: txn.sdk_trans_id,
    threeDSServerTransID: txn.three_ds_server_trans_id,
    acsTransID,
    dsTransID: txn.ds_trans_id,
    messageCategory: txn.message_category,
    transStatus: result.transStatus,
    transStatusReason: result.transStatusReason ?? null,
    challengeCancel: result.challengeCancel ?? null,
    eci,
    authenticationValue: cavv,
    interactionCounter: Math.max(1, txn.interaction_count),
  });
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
  const rreqJobId = await enqueueJob(trx, {
    kind: 'rreq',
    payload: { acsTransID, url: txn.rreq_url, message: rreq },
    at,
  });
  return { txn, rreqJobId };
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
    .where('state', 'in', ['challenge_issued', 'challenge_in_progress'])
    .execute();
  const jobs: string[] = [];
  for (const { acs_trans_id } of open) {
    const ended = await endChallenge(trx, keys, acs_trans_id, result, at);
    if (ended) jobs.push(ended.rreqJobId);
  }
  return jobs;
}
