import { type OperationNodeSource, sql } from 'kysely';
import type { Executor } from '../database.ts';
import type { TransactionRow } from '../schema.ts';
import type { AppChallengeStep } from '../tables/app-channel.ts';
import { type ChallengeContextRow, withChallengeContext } from './authentication-reads.ts';

/**
 * The transaction aggregate's writes to an open challenge that do not change its state: the page's single-use
 * form nonce, the app channel's counters and screen, the code counters. Each is one conditional statement.
 */

/** An open challenge's row and, read in the same statement, its context (issuer, member, phone, passkey). */
export interface WithContext {
  txn: TransactionRow;
  context: ChallengeContextRow;
}

async function readWithContext(
  db: Executor,
  source: OperationNodeSource,
  sendsSince?: Date,
): Promise<WithContext | undefined> {
  const read = await withChallengeContext<TransactionRow>(db, source, sendsSince);
  return read && { txn: read.row, context: read.context };
}

/**
 * A transaction by its acsTransID, with its challenge context and the SMS sent to its member's phone since
 * `sendsSince` (the first CReq's one read: the page, the code's SMS and the phone's daily limit).
 */
export function findWithContext(db: Executor, acsTransID: string, sendsSince: Date): Promise<WithContext | undefined> {
  return readWithContext(
    db,
    db.selectFrom('transactions').selectAll().where('acs_trans_id', '=', acsTransID),
    sendsSince,
  );
}

/**
 * Spends a page's form nonce (swapping in a new one) while the challenge is in progress, and reads the challenge
 * context in the same statement; undefined if stale.
 */
export function swapFormNonce(
  db: Executor,
  acsTransID: string,
  spent: string,
  next: string,
): Promise<WithContext | undefined> {
  return readWithContext(
    db,
    db
      .updateTable('transactions')
      .set({ form_nonce: next, interaction_count: (eb) => eb('interaction_count', '+', 1) })
      .where('acs_trans_id', '=', acsTransID)
      .where('form_nonce', '=', spent)
      .where('state', '=', 'challenge_in_progress')
      .returningAll(),
  );
}

/**
 * A fresh form nonce for the page drawn again, with the challenge context read in the same statement; undefined
 * when the challenge is no longer in progress.
 */
export function renewFormNonce(db: Executor, acsTransID: string, next: string): Promise<WithContext | undefined> {
  return readWithContext(
    db,
    db
      .updateTable('transactions')
      .set({ form_nonce: next })
      .where('acs_trans_id', '=', acsTransID)
      .where('state', '=', 'challenge_in_progress')
      .returningAll(),
  );
}

/**
 * Takes the app CReq's counter if it is the next expected one (EMV 3DS §6.2.4), and moves an open challenge's
 * deadline to `nextDeadline` (never reviving one already overdue at `at`). Undefined: not the expected counter.
 */
export function takeAppCounter(
  db: Executor,
  acsTransID: string,
  sdkCounterStoA: number,
  at: Date,
  nextDeadline: Date,
): Promise<TransactionRow | undefined> {
  return db
    .updateTable('transactions')
    .set((eb) => ({
      app_sdk_counter: eb('app_sdk_counter', '+', 1),
      app_acs_counter: eb('app_acs_counter', '+', 1),
      interaction_count: eb('interaction_count', '+', 1),
      deadline_at: sql<Date>`case when state = 'challenge_in_progress' and deadline_at > ${at}
        then ${nextDeadline}::timestamptz else deadline_at end`,
    }))
    .where('acs_trans_id', '=', acsTransID)
    .where('app_sdk_counter', '=', sdkCounterStoA)
    .returningAll()
    .executeTakeFirst();
}

/** The app screen shown next (and the e-net ID's MAC entered on the first), while in progress. */
export function setAppStep(
  db: Executor,
  acsTransID: string,
  step: AppChallengeStep,
  enteredIdMac: string | null,
  at: Date,
): Promise<TransactionRow | undefined> {
  return db
    .updateTable('transactions')
    .set({ app_step: step, app_enet_id_mac: enteredIdMac, updated_at: at })
    .where('acs_trans_id', '=', acsTransID)
    .where('state', '=', 'challenge_in_progress')
    .returningAll()
    .executeTakeFirst();
}

/** Counts a wrong code while below `max`; the new count, or undefined when `max` was already reached. */
export async function countWrongCode(
  db: Executor,
  acsTransID: string,
  max: number,
  at: Date,
): Promise<number | undefined> {
  const row = await db
    .updateTable('transactions')
    .set((eb) => ({ otp_failures: eb('otp_failures', '+', 1), updated_at: at }))
    .where('acs_trans_id', '=', acsTransID)
    .where('otp_failures', '<', max)
    .returning('otp_failures')
    .executeTakeFirst();
  return row?.otp_failures;
}
