import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { type RiskHistoryRow, riskHistoryLateral } from '../../src/storage/repositories/risk-history.ts';
import { forEachDialect } from '../support/databases.ts';
import { planText } from '../support/plans.ts';

/**
 * The risk history read counts a card's window of transactions for every AReq under a risk policy. A transaction
 * row carries its messages (a heap page for every row or two), so the read must come from the index alone for the
 * rows autovacuum has been through (migration 0031): an index-only scan with no heap fetch, not a page per purchase.
 */
forEachDialect('risk history: a card window autovacuum has been through is read from the index alone', (getDb) => {
  test('100 cards of 50 purchases each, vacuumed: an index-only scan, no heap fetch, the figures right', async () => {
    const { db } = getDb();
    const at = new Date('2026-12-06T10:00:00Z');
    // the messages' weight on each row, as an AReq stores them: two rows to a heap page
    await sql`
      insert into transactions (acs_trans_id, three_ds_server_trans_id, message_version, device_channel,
        message_category, state, trans_status, card_ref, risk_device_mac, risk_ip_range_mac, risk_merchant_mac,
        risk_amount_yen, risk_language, areq_body, created_at, updated_at)
      select gen_random_uuid(), 'server-' || n, '2.2.0', '02', '01', 'decided', 'Y', 'plan-card-' || (n % 100),
        'device-' || (n % 100), 'net-' || (n % 100), 'shop-' || (n % 7), 4800, 'ja',
        (select string_agg(md5(n::text || i::text), '') from generate_series(1, 90) i),
        ${at}::timestamptz - (n * interval '1 hour'), ${at}::timestamptz
      from generate_series(1, 5000) n`.execute(db);
    await sql`vacuum analyze transactions`.execute(db);
    // one key as the card lookup's statement gives the lateral its row `k` (auth-lookup.ts)
    const k = sql`
      select 'plan-card-7'::text as card_ref, 'device-7'::text as device_mac, 'net-7'::text as ip_range_mac,
        'shop-0'::text as merchant_mac, ${at}::timestamptz - interval '90 days' as since,
        ${at}::timestamptz - interval '1 hour' as hour_ago, ${at}::timestamptz - interval '1 day' as day_ago,
        null::timestamptz as risk_phone_changed_at, false as risk_lost_stolen, 0 as risk_open_cases,
        null::text[] as risk_trusted_merchants`;
    const history = sql<RiskHistoryRow>`select h.* from (${k}) k cross join lateral (${riskHistoryLateral}) h`;
    const text = await planText(db, history.compile(db), '(analyze, costs off, timing off, summary off)');
    assert.match(text, /Index Only Scan using transactions_card_history/, text);
    assert.match(text, /Heap Fetches: 0/, text);
    const { rows } = await history.execute(db);
    // card 7's purchases are n = 7, 107, …, 4907 hours back; the window holds those under 90 days (2,160 hours)
    const inWindow = Array.from({ length: 50 }, (_, k) => 7 + 100 * k).filter((n) => n < 90 * 24);
    const row = rows[0];
    assert.deepEqual(row && { authenticated: row.authenticated, at_merchant: row.at_merchant }, {
      authenticated: inWindow.length,
      at_merchant: inWindow.filter((n) => n % 7 === 0).length,
    });
  });
});
