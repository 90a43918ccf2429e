import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * Bindings that make a second post harmless:
 * - `method_data.collect_mac`: the MAC of the one-time token the first 3DS Method page carries to its own
 *   `/3ds/method/collect`; the device facts are written once, by the holder of that token (`collected_at`).
 * - `transactions.creq_digest`: what the first browser CReq said, so a re-post is told from a different CReq.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table method_data add column collect_mac text;
alter table method_data add column collected_at timestamptz;
alter table transactions add column creq_digest text;
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table transactions drop column creq_digest;
alter table method_data drop column collected_at;
alter table method_data drop column collect_mac;
`,
  );
}
