import { sql } from 'kysely';
import { canTransition, OPEN_CHALLENGE_STATES, type TransactionState } from '../../core/transaction-state.ts';
import type { Executor } from '../database.ts';
import type { MessageLogRow } from './message-log.ts';
import { IllegalTransitionError } from './transactions.ts';

/**
 * The batch form of the transaction aggregate's `move` for the timeout sweeper: overdue challenges are locked
 * (`FOR UPDATE SKIP LOCKED`, so two nodes take disjoint batches and a row a CReq holds is skipped) and then ended
 * together in ONE statement with their events, their RReqs in the message log and their RReq jobs.
 */

/** Overdue open challenges, locked, oldest deadline first: what the RReq of each needs. */
export function lockOverdueChallenges(trx: Executor, at: Date, limit: number) {
  return trx
    .selectFrom('transactions')
    .select([
      'acs_trans_id',
      'state',
      'message_version',
      'device_channel',
      'sdk_trans_id',
      'three_ds_server_trans_id',
      'ds_trans_id',
      'message_category',
      'interaction_count',
      'rreq_url',
    ])
    .where('deadline_at', '<=', at)
    .where('state', 'in', OPEN_CHALLENGE_STATES)
    .orderBy('deadline_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** One overdue challenge's ending, computed by the caller. */
export interface OverdueEnding {
  acsTransID: string;
  /** The state the row was locked in (the event records it). */
  from: TransactionState;
  to: TransactionState;
  transStatus: string;
  transStatusReason: string | null;
  challengeCancel: string | null;
  detail: string;
  /** The RReq, as the message log keeps it. */
  message: MessageLogRow;
  jobId: string;
  jobPayload: unknown;
}

/** Ends the locked overdue challenges (still open and overdue at `at`); returns the RReq job ids queued. */
export async function endOverdue(trx: Executor, at: Date, endings: readonly OverdueEnding[]): Promise<string[]> {
  if (endings.length === 0) return [];
  for (const e of endings) if (!canTransition(e.from, e.to)) throw new IllegalTransitionError(e.from, e.to);
  const input = endings.map((e) => ({
    acs_trans_id: e.acsTransID,
    from_state: e.from,
    to_state: e.to,
    trans_status: e.transStatus,
    trans_status_reason: e.transStatusReason,
    challenge_cancel: e.challengeCancel,
    detail: e.detail,
    message_id: e.message.id,
    three_ds_server_trans_id: e.message.three_ds_server_trans_id,
    ds_trans_id: e.message.ds_trans_id,
    message_type: e.message.message_type,
    body: e.message.body,
    pan_enc: e.message.pan_enc,
    personal_enc: e.message.personal_enc ?? null,
    job_id: e.jobId,
    payload: e.jobPayload,
  }));
  const jobs = await sql<{ id: string }>`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as i(
        acs_trans_id uuid, from_state text, to_state text, trans_status text, trans_status_reason text,
        challenge_cancel text, detail text, message_id text, three_ds_server_trans_id text, ds_trans_id text,
        message_type text, body text, pan_enc text, personal_enc text, job_id text, payload jsonb)
    ),
    ended as (
      update transactions t set
        state = input.to_state, trans_status = input.trans_status,
        trans_status_reason = input.trans_status_reason, challenge_cancel = input.challenge_cancel,
        eci = '07', cavv = null, deadline_at = null, form_nonce = null, updated_at = ${at}::timestamptz
      from input
      where t.acs_trans_id = input.acs_trans_id and t.state = input.from_state
        and t.deadline_at <= ${at}::timestamptz
      returning t.acs_trans_id
    ),
    events as (
      insert into transaction_events (acs_trans_id, at, from_state, to_state, detail)
      select i.acs_trans_id, ${at}::timestamptz, i.from_state, i.to_state, i.detail
      from input i join ended e on e.acs_trans_id = i.acs_trans_id
    ),
    logged as (
      insert into messages (id, acs_trans_id, three_ds_server_trans_id, ds_trans_id, direction, message_type,
        body, pan_enc, personal_enc, created_at)
      select i.message_id, i.acs_trans_id, i.three_ds_server_trans_id, i.ds_trans_id, 'out', i.message_type,
        i.body::json, i.pan_enc, i.personal_enc, ${at}::timestamptz
      from input i join ended e on e.acs_trans_id = i.acs_trans_id
    )
    insert into jobs (id, kind, payload, status, run_at, created_at)
    select i.job_id, 'rreq', i.payload, 'pending', ${at}::timestamptz, ${at}::timestamptz
    from input i join ended e on e.acs_trans_id = i.acs_trans_id
    returning id`.execute(trx);
  return jobs.rows.map((r) => r.id);
}
