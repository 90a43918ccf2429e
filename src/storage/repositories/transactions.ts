import { type Insertable, sql } from 'kysely';
import { canTransition, OPEN_CHALLENGE_STATES, type TransactionState } from '../../core/transaction-state.ts';
import type { Executor } from '../database.ts';
import type { NewTransaction, TransactionEventsTable, TransactionRow, TransactionUpdate } from '../schema.ts';
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

function assertLegal(from: readonly string[], to: TransactionState): void {
  for (const f of from) if (!canTransition(f as TransactionState, to)) throw new IllegalTransitionError(f, to);
}

export function findTransaction(db: Executor, acsTransID: string): Promise<TransactionRow | undefined> {
  return db.selectFrom('transactions').selectAll().where('acs_trans_id', '=', acsTransID).executeTakeFirst();
}

/** The columns that change with the state (an outcome, a deadline, a channel's fields); never the state itself. */
export type StateFields = Omit<TransactionUpdate, 'state' | 'updated_at' | 'acs_trans_id'>;

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
}

/**
 * Moves one transaction from one of `from` to `to` in ONE statement: the row is locked, updated only if it is
 * still in an allowed state, and the event records the state it really left. Returns the updated row, or
 * undefined when the row was not in `from` (someone else moved it first). Throws on a move the table forbids.
 */
export async function move(trx: Executor, acsTransID: string, m: Move): Promise<TransactionRow | undefined> {
  const from: readonly TransactionState[] = typeof m.from === 'string' ? [m.from] : m.from;
  assertLegal(from, m.to);
  const row = await trx
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
    )
    .selectFrom('moved')
    .selectAll()
    .executeTakeFirst();
  if (!row) return undefined;
  const { from_state: _left, ...txn } = row;
  return txn;
}

/** An AReq's transaction with its first event (created → decided | challenge_issued) and its AReq/ARes pair. */
export interface AReqRows {
  transaction: NewTransaction;
  event: Insertable<TransactionEventsTable>;
  messages: MessageLogRow[];
}

/** The first event of a transaction the AReq created (checked against core's table like every move). */
export function openingEvent(
  transaction: NewTransaction,
  at: Date,
  detail: string,
): Insertable<TransactionEventsTable> {
  assertLegal(['created'], transaction.state as TransactionState);
  return { acs_trans_id: transaction.acs_trans_id, at, from_state: 'created', to_state: transaction.state, detail };
}

/**
 * A batch of AReqs in ONE statement (the group commit, storage/group-commit.ts): the CTE inserts and the final
 * insert commit together, foreign keys checked at its end.
 */
export async function insertAReqBatch(trx: Executor, batch: readonly AReqRows[]): Promise<void> {
  await trx
    .with('t', (db) => db.insertInto('transactions').values(batch.map((r) => r.transaction)))
    .with('e', (db) => db.insertInto('transaction_events').values(batch.map((r) => r.event)))
    .insertInto('messages')
    .values(batch.flatMap((r) => r.messages))
    .execute();
}

/** Locks an open challenge's row (the caller's transaction) and tells its state and deadline. */
export async function lockOpenChallenge(trx: Executor, acsTransID: string) {
  const row = await trx
    .selectFrom('transactions')
    .select(['state', 'deadline_at'])
    .where('acs_trans_id', '=', acsTransID)
    .where('state', 'in', OPEN_CHALLENGE_STATES)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return undefined;
  const state: 'challenge_issued' | 'challenge_in_progress' =
    row.state === 'challenge_issued' ? 'challenge_issued' : 'challenge_in_progress';
  return { state, deadline_at: row.deadline_at };
}

/** The sealed PAN of the card a transaction is for. */
export async function panEncOfTransaction(db: Executor, acsTransID: string): Promise<string> {
  const row = await db
    .selectFrom('transactions')
    .innerJoin('cards', 'cards.card_ref', 'transactions.card_ref')
    .select('cards.pan_enc')
    .where('transactions.acs_trans_id', '=', acsTransID)
    .executeTakeFirstOrThrow();
  return row.pan_enc;
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

/** Ids the message log keeps beside a message about this transaction. */
export function transactionIds(db: Executor, acsTransID: string) {
  return db
    .selectFrom('transactions')
    .select(['three_ds_server_trans_id', 'ds_trans_id'])
    .where('acs_trans_id', '=', acsTransID)
    .executeTakeFirst();
}
