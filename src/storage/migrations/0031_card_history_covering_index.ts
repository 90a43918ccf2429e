import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * The risk history read (src/storage/repositories/risk-history.ts) counts a card's last 90 days of transactions
 * for every AReq under a risk policy. A transaction row carries its messages (about 3.5 kB, two rows to a heap
 * page), so through the index of 0020 each of the card's purchases was a heap page of its own, mostly cold: a
 * habitual card's window is as many random page reads. The index now carries the columns the read uses, so for
 * the pages autovacuum has marked all-visible (all but the last minutes' rows) the read is an index-only scan:
 * the card's whole window in one or two index pages (docs/risk.md "Bench", test/risk/history-plan.test.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create index transactions_card_history on transactions (card_ref, created_at)
  include (trans_status, trans_status_reason, risk_device_mac, risk_ip_range_mac, risk_merchant_mac,
           risk_amount_yen, risk_language)
  where card_ref is not null;
drop index transactions_card;
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create index transactions_card on transactions (card_ref, created_at) where card_ref is not null;
drop index transactions_card_history;
`,
  );
}
