import { sql } from 'kysely';
import { OPEN_CHALLENGE_STATES, overdueResult } from '../../../core/transaction-state.ts';
import { newId } from '../../../infra/ids.ts';
import type { Db } from '../../../storage/database.ts';
import { eventDetail, rreqFor, rreqPayload } from './end.ts';

/** One overdue challenge's ending, computed in code and written by the batch statement below. */
interface Ending {
  acs_trans_id: string;
  from_state: string;
  to_state: string;
  trans_status: string;
  trans_status_reason: string | null;
  challenge_cancel: string | null;
  detail: string;
  three_ds_server_trans_id: string;
  ds_trans_id: string | null;
  message_id: string;
  job_id: string;
  /** The RReq as sent (text, so the message log keeps it byte for byte). */
  rreq: string;
  payload: ReturnType<typeof rreqPayload>;
}

/**
 * Ends up to `limit` overdue challenges (EMV 3DS §5.5: no first CReq within 30 s → N / 14 / 05; over the
 * challenge time → N / 14 / 04), each with its event, its RReq in the message log and its RReq job.
 * The due rows are locked with `FOR UPDATE SKIP LOCKED`, so two nodes sweeping together take disjoint
 * batches and a CReq or member action holding a row is skipped (it ends the challenge itself, or the
 * next sweep does); then one statement ends the batch and inserts everything it queues.
 * Returns the RReq job ids.
 */
export async function endOverdueBatch(db: Db, at: Date, limit: number): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
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
    if (due.length === 0) return [];
    const endings: Ending[] = due.map((txn) => {
      const result = overdueResult(txn.state === 'challenge_issued' ? 'challenge_issued' : 'challenge_in_progress');
      const rreq = rreqFor(txn, result, '07', null);
      return {
        acs_trans_id: txn.acs_trans_id,
        from_state: txn.state,
        to_state: result.state,
        trans_status: result.transStatus,
        trans_status_reason: result.transStatusReason ?? null,
        challenge_cancel: result.challengeCancel ?? null,
        detail: eventDetail(result),
        three_ds_server_trans_id: txn.three_ds_server_trans_id,
        ds_trans_id: txn.ds_trans_id,
        message_id: newId('msg', at.getTime()),
        job_id: newId('job', at.getTime()),
        rreq: JSON.stringify(rreq),
        payload: rreqPayload(txn, rreq),
      };
    });
    const jobs = await sql<{ id: string }>`
      with input as (
        select * from jsonb_to_recordset(${JSON.stringify(endings)}::jsonb) as i(
          acs_trans_id uuid, from_state text, to_state text, trans_status text, trans_status_reason text,
          challenge_cancel text, detail text, three_ds_server_trans_id text, ds_trans_id text,
          message_id text, job_id text, rreq text, payload jsonb)
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
          body, pan_enc, created_at)
        select i.message_id, i.acs_trans_id, i.three_ds_server_trans_id, i.ds_trans_id, 'out', 'RReq',
          i.rreq::json, null, ${at}::timestamptz
        from input i join ended e on e.acs_trans_id = i.acs_trans_id
      )
      insert into jobs (id, kind, payload, status, run_at, created_at)
      select i.job_id, 'rreq', i.payload, 'pending', ${at}::timestamptz, ${at}::timestamptz
      from input i join ended e on e.acs_trans_id = i.acs_trans_id
      returning id`.execute(trx);
    return jobs.rows.map((r) => r.id);
  });
}
