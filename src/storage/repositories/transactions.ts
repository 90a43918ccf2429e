import { sql } from 'kysely';
import { canTransition, OPEN_CHALLENGE_STATES, type TransactionState } from '../../core/transaction-state.ts';
import type { Executor } from '../database.ts';
import type { JobRow, NewTransaction, TransactionRow, TransactionUpdate } from '../schema.ts';
import { completeJobWith, jobInsert } from './jobs.ts';
import type { MessageLogRow } from './message-log.ts';

/**
 * The transaction aggregate: the only writer of `transactions.state` and of `transaction_events` (with
 * message-log.ts, of the message log). Every state change goes through `move` (or a batch form below), which
 * checks core's transition table and records the state the row really left, in the same statement.
 */

/** A programming error: a move core's table (src/core/transaction-state.ts) does not allow. */
export class IllegalTransitionError extends Error {
  constructor(from: string, to: string) {
    super(`illegal transaction state change ${from} → ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export function assertLegal(from: readonly string[], to: TransactionState): void {
  for (const f of from) if (!canTransition(f as TransactionState, to)) throw new IllegalTransitionError(f, to);
}

export function findTransaction(db: Executor, acsTransID: string): Promise<TransactionRow | undefined> {
  return db.selectFrom('transactions').selectAll().where('acs_trans_id', '=', acsTransID).executeTakeFirst();
}

/** The columns that change with the state (an outcome, a deadline, a channel's fields); never the state itself. */
export type StateFields = Omit<TransactionUpdate, 'state' | 'updated_at' | 'acs_trans_id'>;

/** The RReq that ends a challenge: its log row and its delivery job, written by the same statement as the move. */
export interface RReqWrites {
  message: MessageLogRow;
  /** `newJobRow` (jobs.ts): claimed when the ending request delivers it itself. */
  job: JobRow;
}

export interface Move {
  /** The state(s) the row may be in; the move happens only from one of them. */
  from: TransactionState | readonly TransactionState[];
  to: TransactionState;
  at: Date;
  /** The event's detail (transStatus / reason / challengeCancel, a channel, …). */
  detail: string | null;
  set?: StateFields;
  /** Only while the row's deadline is still ahead of `at` (a late first CReq never opens a challenge). */
  deadlineAhead?: boolean;
  /** The RReq's log row and job, as two more CTEs of the same statement (the ending move of a challenge). */
  rreq?: RReqWrites;
}

/**
 * Moves one transaction from one of `from` to `to` in ONE statement: the row is locked, updated only if it is
 * still in an allowed state, and the event records the state it really left. Returns the updated row, or
 * undefined when the row was not in `from` (someone else moved it first). Throws on a move the table forbids.
 */
export async function move(trx: Executor, acsTransID: string, m: Move): Promise<TransactionRow | undefined> {
  const from: readonly TransactionState[] = typeof m.from === 'string' ? [m.from] : m.from;
  assertLegal(from, m.to);
  const moving = trx
    .with('old', (db) => {
      const q = db
        .selectFrom('transactions')
        .select(['acs_trans_id', 'state'])
        .where('acs_trans_id', '=', acsTransID)
        .where('state', 'in', from);
      return (m.deadlineAhead ? q.where('deadline_at', '>', m.at) : q).forUpdate();
    })
    .with('moved', (db) =>
      db
        .updateTable('transactions')
        .from('old')
        .set({ ...m.set, state: m.to, updated_at: m.at })
        .whereRef('transactions.acs_trans_id', '=', 'old.acs_trans_id')
        .whereRef('transactions.state', '=', 'old.state')
        .returningAll('transactions')
        .returning('old.state as from_state'),
    )
    .with('event', (db) =>
      db
        .insertInto('transaction_events')
        .columns(['acs_trans_id', 'at', 'from_state', 'to_state', 'detail'])
        .expression((eb) =>
          eb
            .selectFrom('moved')
            .select([
              'moved.acs_trans_id',
              sql<Date>`${m.at}::timestamptz`.as('at'),
              'moved.from_state',
              sql<string>`${m.to}::text`.as('to_state'),
              sql<string | null>`${m.detail}::text`.as('detail'),
            ]),
        ),
    );
  // The RReq that ends a challenge, logged and its job queued: two more CTEs, so it is all ONE statement.
  const { rreq } = m;
  const row = rreq
    ? await moving
        .with('logged', (db) => db.insertInto('messages').values(rreq.message))
        .with('queued', (db) => db.insertInto('jobs').values(jobInsert(rreq.job)))
        .selectFrom('moved')
        .selectAll()
        .executeTakeFirst()
    : await moving.selectFrom('moved').selectAll().executeTakeFirst();
  if (!row) return undefined;
  const { from_state: _left, ...txn } = row;
  return txn;
}

/**
 * A transaction that finished before this ACS recorded it (the demo's purchase history, or history brought over
 * from a previous ACS): the row as it ended, with no events, since no state change happened here.
 */
export async function importFinishedTransaction(db: Executor, transaction: NewTransaction): Promise<void> {
  const state = transaction.state as TransactionState;
  if (state !== 'decided' && state !== 'result_acknowledged' && state !== 'result_sent') {
    throw new IllegalTransitionError('(imported)', state);
  }
  await db.insertInto('transactions').values(transaction).execute();
}

/**
 * Locks an open challenge's row (the caller's transaction) and tells its state, its deadline, what its RReq is built
 * from, and its card's sealed PAN (the CAVV of a success needs it: read with the lock, not in a statement of its
 * own). Under the lock these are what the ending move leaves them, so the RReq is built before it and queued with it.
 */
export async function lockOpenChallenge(trx: Executor, acsTransID: string) {
  const row = await trx
    .selectFrom('transactions')
    .leftJoin('cards', 'cards.card_ref', 'transactions.card_ref')
    .select([
      'transactions.state',
      'transactions.deadline_at',
      'transactions.acs_trans_id',
      'transactions.message_version',
      'transactions.device_channel',
      'transactions.sdk_trans_id',
      'transactions.three_ds_server_trans_id',
      'transactions.ds_trans_id',
      'transactions.message_category',
      'transactions.interaction_count',
      'transactions.rreq_url',
      'cards.pan_enc',
    ])
    .where('transactions.acs_trans_id', '=', acsTransID)
    .where('transactions.state', 'in', OPEN_CHALLENGE_STATES)
    .forUpdate('transactions')
    .executeTakeFirst();
  if (!row) return undefined;
  const state: 'challenge_issued' | 'challenge_in_progress' =
    row.state === 'challenge_issued' ? 'challenge_issued' : 'challenge_in_progress';
  return { ...row, state };
}

/**
 * A valid RRes to the RReq of job `jobId`, recorded in ONE statement: the transaction moved from its outcome (or
 * from result_sent, where an earlier attempt got that far) to result_acknowledged with both events (outcome →
 * result_sent → result_acknowledged, as two moves would record them), the RRes logged, the job done
 * (`completeJobWith`). A transaction in neither state is left as it is; the RRes is logged and the job done.
 */
export async function acknowledgeRRes(
  db: Executor,
  acsTransID: string,
  outcomes: readonly TransactionState[],
  rres: MessageLogRow,
  jobId: string,
  at: Date,
): Promise<void> {
  assertLegal(outcomes, 'result_sent');
  assertLegal(['result_sent'], 'result_acknowledged');
  const from = sql.join([...outcomes, 'result_sent'].map((s) => sql`${s}`));
  await completeJobWith(
    db,
    [
      [
        'old',
        sql`select acs_trans_id, state from transactions where acs_trans_id = ${acsTransID} and state in (${from}) for update`,
      ],
      [
        'moved',
        sql`update transactions t set state = 'result_acknowledged', updated_at = ${at} from old
          where t.acs_trans_id = old.acs_trans_id and t.state = old.state returning t.acs_trans_id, old.state as from_state`,
      ],
      [
        'event',
        sql`insert into transaction_events (acs_trans_id, at, from_state, to_state, detail)
          select moved.acs_trans_id, ${at}::timestamptz, step.from_state, step.to_state, null from moved
          cross join lateral (values (1, moved.from_state, 'result_sent'), (2, 'result_sent', 'result_acknowledged'))
            as step (n, from_state, to_state)
          where moved.from_state <> 'result_sent' or step.n = 2
          order by step.n`,
      ],
      ['logged', db.insertInto('messages').values(rres)],
    ],
    jobId,
    at,
    'RRes',
  );
}

/** The open challenges of a member (their acsTransIDs). */
export async function openChallengesOfMember(db: Executor, enetId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('transactions')
    .select('acs_trans_id')
    .where('enet_id', '=', enetId)
    .where('state', 'in', OPEN_CHALLENGE_STATES)
    .execute();
  return rows.map((r) => r.acs_trans_id);
}

/**
 * The batch form of the transaction aggregate's `move` for the timeout sweeper: overdue challenges are locked
 * (`FOR UPDATE SKIP LOCKED`, so two nodes take disjoint batches and a row a CReq holds is skipped) and then ended
 * together in ONE statement with their events, their RReqs in the message log and their RReq jobs.
 */

/** Overdue open challenges, locked, oldest deadline first: what the RReq of each needs. */
export function lockOverdueChallenges(trx: Executor, at: Date, limit: number) {
  return overdueChallengesQuery(trx, at, limit).execute();
}

/** The sweeper's scan (index transactions_open_deadline, migration 0030); test/storage/sweeper-plan.test.ts. */
export function overdueChallengesQuery(trx: Executor, at: Date, limit: number) {
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
    .skipLocked();
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
  for (const e of endings) assertLegal([e.from], e.to);
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
