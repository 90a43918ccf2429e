import { sql } from 'kysely';
import type { Executor } from '../database.ts';

/** The keys of one AReq's history read; MACs are keyed (src/features/risk/facts.ts), never raw values. */
export interface RiskHistoryKeys {
  cardRef: string;
  enetId: string;
  deviceMac: string | null;
  ipRangeMac: string | null;
  merchantMac: string | null;
  at: Date;
  /** How far back the card's habits are read. */
  windowDays: number;
}

/** Raw counts as the database returns them; src/features/risk/history.ts turns them into a RiskHistory. */
export interface RiskHistoryRow {
  authenticated: number;
  on_device: number;
  from_ip_range: number;
  at_merchant: number;
  largest_yen: string | number | null;
  /** Distinct and sorted (`riskHistoryLateral`'s callers make them so: `distinctLanguages`). */
  languages: string[] | null;
  card_last_hour: number;
  card_last_day: number;
  device_other_cards: number;
  ip_other_cards: number;
  phone_changed_at: Date | string | null;
  lost_stolen: boolean;
  failed_challenges: number;
  open_cases: number;
  trusted: boolean;
}

/**
 * Everything the risk engine knows about a card, in one statement: the card's last `windowDays` of transactions
 * (index transactions_card_history, migration 0031), other cards from the same device or IP range in the last hour
 * (transactions_risk_*), the phone change, lost/stolen history, open investigations and the trusted merchant list.
 */
export async function readRiskHistory(db: Executor, k: RiskHistoryKeys): Promise<RiskHistoryRow> {
  const since = new Date(k.at.getTime() - k.windowDays * 86_400_000);
  const hourAgo = new Date(k.at.getTime() - 3_600_000);
  const dayAgo = new Date(k.at.getTime() - 86_400_000);
  const result = await sql<RiskHistoryRow>`
    with card as (
      select trans_status, trans_status_reason, risk_device_mac, risk_ip_range_mac, risk_merchant_mac,
             risk_amount_yen, risk_language, created_at
      from transactions
      where card_ref = ${k.cardRef} and created_at > ${since}::timestamptz
    ), ok as (select * from card where trans_status = 'Y')
    select
      (select count(*) from ok)::int as authenticated,
      (select count(*) from ok where risk_device_mac = ${k.deviceMac}::text)::int as on_device,
      (select count(*) from ok where risk_ip_range_mac = ${k.ipRangeMac}::text)::int as from_ip_range,
      (select count(*) from ok where risk_merchant_mac = ${k.merchantMac}::text)::int as at_merchant,
      (select max(risk_amount_yen) from ok) as largest_yen,
      (select array_agg(distinct risk_language) from ok where risk_language is not null) as languages,
      (select count(*) from card where created_at > ${hourAgo}::timestamptz)::int as card_last_hour,
      (select count(*) from card where created_at > ${dayAgo}::timestamptz)::int as card_last_day,
      (select count(distinct card_ref) from transactions
        where risk_device_mac = ${k.deviceMac}::text and created_at > ${hourAgo}::timestamptz
          and card_ref <> ${k.cardRef})::int as device_other_cards,
      (select count(distinct card_ref) from transactions
        where risk_ip_range_mac = ${k.ipRangeMac}::text and created_at > ${hourAgo}::timestamptz
          and card_ref <> ${k.cardRef})::int as ip_other_cards,
      (select max(pb.bound_at) from phone_bindings pb
        where pb.enet_id = ${k.enetId} and pb.unbound_at is null
          and exists (select 1 from phone_bindings old where old.enet_id = pb.enet_id and old.unbound_at is not null)
      ) as phone_changed_at,
      exists (select 1 from enrollment_events where enet_id = ${k.enetId} and reason = 'lost_stolen') as lost_stolen,
      (select count(*) from card where trans_status = 'N' and trans_status_reason = '19')::int as failed_challenges,
      (select count(*) from investigation_cases
        where enet_id = ${k.enetId} and state not in ('decided', 'closed'))::int as open_cases,
      exists (select 1 from trusted_merchants
        where enet_id = ${k.enetId} and merchant_mac = ${k.merchantMac}::text) as trusted`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('risk history read returned no row');
  return row;
}

/**
 * The same figures as `readRiskHistory`, for each row `k` of a statement reading many keys at once (the AReq's card
 * lookup, auth-lookup.ts): `k` holds card_ref, device_mac, ip_range_mac, merchant_mac, the window's starts since,
 * hour_ago and day_ago, and the member's risk facts from the member row (risk_phone_changed_at, risk_lost_stolen,
 * risk_open_cases, risk_trusted_merchants: kept by triggers, migration 0029). The card's own figures come from
 * one scan of its window with one aggregate (`filter` per figure: 1.4 ms for 40 keys where the CTEs of
 * readRiskHistory took 1.9); other cards on the device and on the network are an index probe each.
 * No sort unless one is needed: each `distinct` aggregate sorts its input, and three sorts per key were a third of
 * the statement's time (docs/risk.md "Bench"). The languages come without `distinct` (the caller removes the
 * repeats and sorts them, `distinctLanguages`); the other cards are counted only when an `exists` probe finds one,
 * which for a member's own device and network it does not.
 * Used as `cross join lateral (${riskHistoryLateral}) h`.
 */
export const riskHistoryLateral = sql`
      select
        card.authenticated, card.on_device, card.from_ip_range, card.at_merchant, card.largest_yen, card.languages,
        card.card_last_hour, card.card_last_day,
        case when exists (select from transactions t
          where t.risk_device_mac = k.device_mac and t.created_at > k.hour_ago and t.card_ref <> k.card_ref)
        then (select count(distinct t.card_ref) from transactions t
          where t.risk_device_mac = k.device_mac and t.created_at > k.hour_ago
            and t.card_ref <> k.card_ref)::int else 0 end as device_other_cards,
        case when exists (select from transactions t
          where t.risk_ip_range_mac = k.ip_range_mac and t.created_at > k.hour_ago and t.card_ref <> k.card_ref)
        then (select count(distinct t.card_ref) from transactions t
          where t.risk_ip_range_mac = k.ip_range_mac and t.created_at > k.hour_ago
            and t.card_ref <> k.card_ref)::int else 0 end as ip_other_cards,
        k.risk_phone_changed_at as phone_changed_at, k.risk_lost_stolen as lost_stolen, card.failed_challenges,
        k.risk_open_cases as open_cases, coalesce(k.merchant_mac = any(k.risk_trusted_merchants), false) as trusted
      from (
        select
          count(*) filter (where trans_status = 'Y')::int as authenticated,
          count(*) filter (where trans_status = 'Y' and risk_device_mac = k.device_mac)::int as on_device,
          count(*) filter (where trans_status = 'Y' and risk_ip_range_mac = k.ip_range_mac)::int as from_ip_range,
          count(*) filter (where trans_status = 'Y' and risk_merchant_mac = k.merchant_mac)::int as at_merchant,
          max(risk_amount_yen) filter (where trans_status = 'Y') as largest_yen,
          array_agg(risk_language)
            filter (where trans_status = 'Y' and risk_language is not null) as languages,
          count(*) filter (where created_at > k.hour_ago)::int as card_last_hour,
          count(*) filter (where created_at > k.day_ago)::int as card_last_day,
          count(*) filter (where trans_status = 'N' and trans_status_reason = '19')::int as failed_challenges
        from transactions t
        where t.card_ref = k.card_ref and t.created_at > k.since
      ) card`;

/** `riskHistoryLateral`'s languages as `readRiskHistory` returns them: each once, sorted (lower-case tags). */
export function distinctLanguages(languages: string[] | null): string[] | null {
  return languages && [...new Set(languages)].sort();
}
