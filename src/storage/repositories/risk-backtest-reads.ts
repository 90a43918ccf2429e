import { sql } from 'kysely';
import type { Executor } from '../database.ts';

/**
 * What a backtest replays (src/features/risk/backtest.ts), read in a few batched statements whatever the number
 * of transactions: the card transactions of the period and of the history window before it (the small risk
 * columns only), the AReq facts of the replayed ones, the members' phone changes, lost/stolen locks, fraud cases
 * and trusted merchants, and the transactions later reported as fraud. No statement per transaction.
 */

/** A card transaction as the replayed history sees it (the columns readRiskHistory reads, in time order). */
export interface BacktestHistoryRow {
  acs_trans_id: string;
  card_ref: string;
  enet_id: string | null;
  created_at: Date | string;
  trans_status: string | null;
  trans_status_reason: string | null;
  risk_device_mac: string | null;
  risk_ip_range_mac: string | null;
  risk_merchant_mac: string | null;
  risk_amount_yen: string | number | null;
  risk_language: string | null;
  /** What the ACS answered: the policy's decision, or null before migration 0020 (then the state tells). */
  risk_decision: string | null;
  state: string;
}

/**
 * Card transactions created in [since, until), oldest first, at most `limit` (the newest kept when over).
 * Pass limit + 1 to learn whether the cap was hit.
 */
export async function backtestHistoryRows(
  db: Executor,
  since: Date,
  until: Date,
  limit: number,
): Promise<BacktestHistoryRow[]> {
  const rows = await db
    .selectFrom('transactions')
    .select([
      'acs_trans_id',
      'card_ref',
      'enet_id',
      'created_at',
      'trans_status',
      'trans_status_reason',
      'risk_device_mac',
      'risk_ip_range_mac',
      'risk_merchant_mac',
      'risk_amount_yen',
      'risk_language',
      'risk_decision',
      'state',
    ])
    .where('card_ref', 'is not', null)
    .where('created_at', '>=', since)
    .where('created_at', '<', until)
    .orderBy('created_at', 'desc')
    .orderBy('acs_trans_id', 'desc')
    .limit(limit)
    .execute();
  return (rows as BacktestHistoryRow[]).reverse();
}

export interface BacktestAReqRow {
  acs_trans_id: string;
  created_at: Date | string;
  device_channel: string;
  message_category: string;
  /** The AReq members below, as JSON. */
  facts: unknown;
}

/**
 * The AReq members the engine reads beyond the stored risk columns (src/features/risk/facts.ts), for the
 * transactions a policy decides in [from, until): the stored AReq body reduced in SQL, so no browser or
 * cardholder field leaves the database. Newest first, at most `limit`.
 */
export async function backtestAReqFacts(
  db: Executor,
  from: Date,
  until: Date,
  limit: number,
): Promise<BacktestAReqRow[]> {
  const result = await sql<BacktestAReqRow>`
    select acs_trans_id, created_at, device_channel, message_category, jsonb_strip_nulls(jsonb_build_object(
      'purchaseCurrency', purchase_currency, 'purchaseAmount', purchase_amount, 'purchaseExponent', purchase_exponent,
      'threeDSCompInd', three_ds_comp_ind,
      'mcc', b->'mcc', 'threeDSRequestorChallengeInd', b->'threeDSRequestorChallengeInd', 'acctInfo', b->'acctInfo',
      'threeDSRequestorPriorAuthenticationInfo', b->'threeDSRequestorPriorAuthenticationInfo',
      'browserTZ', coalesce(b->'browserTZ', b->'browserInfo'->'browserTZ'),
      'whiteListStatus', b->'whiteListStatus', 'trustListStatus', b->'trustListStatus')) as facts
    from (
      select acs_trans_id, device_channel, message_category, purchase_currency, purchase_amount, purchase_exponent,
             three_ds_comp_ind, areq_body::jsonb as b, created_at
      from transactions
      where card_ref is not null and created_at >= ${from}::timestamptz and created_at < ${until}::timestamptz
        and (risk_decision is not null or state <> 'decided')
      order by created_at desc, acs_trans_id desc
      limit ${limit}
    ) t`.execute(db);
  return result.rows;
}

/** The members' records the history read joins (src/storage/repositories/risk-history.ts), for many members at once. */
export interface BacktestMemberRecords {
  phoneBindings: Array<{ enet_id: string; bound_at: Date | string; unbound_at: Date | string | null }>;
  lostStolen: Array<{ enet_id: string; at: Date | string }>;
  /** A case counts as open from its opening to its first decision or its closing. */
  cases: Array<{ enet_id: string; opened_at: Date | string; ended_at: Date | string | null }>;
  trusted: Array<{ enet_id: string; merchant_mac: string; added_at: Date | string }>;
}

export async function backtestMemberRecords(db: Executor, enetIds: readonly string[]): Promise<BacktestMemberRecords> {
  const ids = sql`${[...enetIds]}::text[]`;
  const [phoneBindings, lostStolen, cases, trusted] = await Promise.all([
    sql<BacktestMemberRecords['phoneBindings'][number]>`
      select enet_id, bound_at, unbound_at from phone_bindings where enet_id = any(${ids})`.execute(db),
    sql<BacktestMemberRecords['lostStolen'][number]>`
      select enet_id, at from enrollment_events where enet_id = any(${ids}) and reason = 'lost_stolen'`.execute(db),
    sql<BacktestMemberRecords['cases'][number]>`
      select c.enet_id, c.opened_at,
             least(c.closed_at, (select min(d.decided_at) from investigation_decisions d where d.case_id = c.id))
               as ended_at
      from investigation_cases c where c.enet_id = any(${ids})`.execute(db),
    sql<BacktestMemberRecords['trusted'][number]>`
      select enet_id, merchant_mac, added_at from trusted_merchants where enet_id = any(${ids})`.execute(db),
  ]);
  return { phoneBindings: phoneBindings.rows, lostStolen: lostStolen.rows, cases: cases.rows, trusted: trusted.rows };
}

/** A transaction a member reported as fraud (terms art. 5-2) or an investigation disputes (art. 5-3). */
export interface FraudReportedRow {
  acs_trans_id: string;
  /** The report's or the case's reference. */
  reference: string;
  source: 'report' | 'case';
  /** The case's state and its decision in force (waived / not_waived), when an investigation holds it. */
  case_state: string | null;
  outcome: string | null;
}

/** The fraud-reported transactions among those created in [from, until), one row per report or case naming them. */
export async function fraudReportedTransactions(db: Executor, from: Date, until: Date): Promise<FraudReportedRow[]> {
  const result = await sql<FraudReportedRow>`
    select t.acs_trans_id, r.reference, 'report' as source, null as case_state, null as outcome
    from fraud_report_transactions frt
    join fraud_reports r on r.id = frt.report_id
    join transactions t on t.acs_trans_id = frt.acs_trans_id
    where t.created_at >= ${from}::timestamptz and t.created_at < ${until}::timestamptz
    union all
    select t.acs_trans_id, c.reference, 'case' as source, c.state as case_state,
           (select d.outcome from investigation_decisions d
             where d.case_id = c.id and d.superseded_at is null order by d.decided_at desc limit 1) as outcome
    from investigation_transactions it
    join investigation_cases c on c.id = it.case_id
    join transactions t on t.acs_trans_id = it.acs_trans_id
    where t.created_at >= ${from}::timestamptz and t.created_at < ${until}::timestamptz`.execute(db);
  return result.rows;
}
