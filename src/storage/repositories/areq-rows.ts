import { CompiledQuery } from 'kysely';
import type { TransactionState } from '../../core/transaction-state.ts';
import { type Db, executePrepared } from '../database.ts';
import type { NewTransaction } from '../schema.ts';
import { assertLegal } from './transactions.ts';

/**
 * An AReq's ONE row: its transaction, carrying the opening event (created → decided | challenge_issued) and the
 * AReq/ARes pair, which readers see through the `message_log` and `transaction_event_log` views (migration 0018).
 */
export type AReqRow = NewTransaction & {
  opening_state: string;
  opening_detail: string;
};

/** The opening event's columns of a transaction the AReq created (checked against core's table like every move). */
export function openingEvent(
  transaction: NewTransaction,
  detail: string,
): Pick<AReqRow, 'opening_state' | 'opening_detail'> {
  assertLegal(['created'], transaction.state as TransactionState);
  return { opening_state: transaction.state, opening_detail: detail };
}

/** Every column an AReq may write and its SQL type: the batch statement below is built once from this. */
const AREQ_COLUMNS = [
  ['acs_trans_id', 'uuid'],
  ['three_ds_server_trans_id', 'text'],
  ['ds_trans_id', 'text'],
  ['sdk_trans_id', 'text'],
  ['message_version', 'text'],
  ['device_channel', 'text'],
  ['message_category', 'text'],
  ['issuer_id', 'text'],
  ['card_ref', 'text'],
  ['enet_id', 'text'],
  ['state', 'text'],
  ['trans_status', 'text'],
  ['trans_status_reason', 'text'],
  ['eci', 'text'],
  ['cavv', 'text'],
  ['authentication_type', 'text'],
  ['merchant_name', 'text'],
  ['purchase_amount', 'text'],
  ['purchase_currency', 'text'],
  ['purchase_exponent', 'text'],
  ['purchase_date', 'text'],
  ['notification_url', 'text'],
  ['rreq_url', 'text'],
  ['browser_ip', 'text'],
  ['browser_user_agent', 'text'],
  ['browser_language', 'text'],
  ['three_ds_comp_ind', 'text'],
  ['deadline_at', 'timestamptz'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['app_session_key_enc', 'text'],
  ['app_sdk_counter', 'int'],
  ['app_acs_counter', 'int'],
  ['app_lang', 'text'],
  ['opening_state', 'text'],
  ['opening_detail', 'text'],
  ['areq_body', 'text'],
  ['areq_pan_enc', 'text'],
  ['areq_personal_enc', 'text'],
  ['ares_body', 'text'],
  ['ares_personal_enc', 'text'],
  // the risk facts and assessment (migration 0020, src/features/risk/areq-step.ts)
  ['risk_device_mac', 'text'],
  ['risk_ip_range_mac', 'text'],
  ['risk_merchant_mac', 'text'],
  ['risk_amount_yen', 'bigint'],
  ['risk_language', 'text'],
  ['risk_score', 'smallint'],
  ['risk_decision', 'text'],
  ['risk_rule', 'text'],
  ['risk_reasons', 'jsonb'],
  ['risk_policy_version', 'int'],
  // the shadow policy's assessment (migration 0021, src/features/risk/areq-step.ts)
  ['risk_shadow_decision', 'text'],
  ['risk_shadow_score', 'smallint'],
  ['risk_shadow_rule', 'text'],
  ['risk_shadow_policy_version', 'int'],
] as const satisfies ReadonlyArray<readonly [keyof AReqRow, string]>;

/**
 * One parameter per column, an array with one element per AReq: the same SQL text for every batch size (no
 * per-batch compilation, a statement PostgreSQL and PGlite both take, and far below the bind-parameter limit).
 */
const INSERT_AREQS = `insert into transactions (${AREQ_COLUMNS.map(([c]) => c).join(', ')})
select * from unnest(${AREQ_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`;

/** A column's value as its array element: timestamps as ISO text, so both drivers send them the same way. */
function element(value: unknown): unknown {
  if (value === undefined) return null;
  return value instanceof Date ? value.toISOString() : value;
}

/**
 * A batch of AReqs in ONE statement (the group commit, storage/group-commit.ts): one row per AReq, the
 * statement built once (`INSERT_AREQS`) and, on PostgreSQL, planned once per connection (`executePrepared`).
 */
export async function insertAReqBatch(db: Db, batch: readonly AReqRow[]): Promise<void> {
  const parameters = AREQ_COLUMNS.map(([column]) => batch.map((row) => element(row[column])));
  await executePrepared(db, 'insert_areqs', CompiledQuery.raw(INSERT_AREQS, parameters));
}
