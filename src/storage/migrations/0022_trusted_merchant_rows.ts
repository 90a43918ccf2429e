import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * Trusted merchants as the challenge and the portal use them (issue #20 item 5, docs/risk.md "Trusted merchants"):
 * - `id`: our own row id (`tmer_…`), the handle the portal's remove form names (the merchant MAC stays out of URLs);
 * - `merchant_name` becomes `merchant_name_enc`: the name is kept sealed and opened only to show the member's list;
 * - `acs_trans_id`: the challenge the member ticked the box in (null when added another way).
 * Rows written before this migration (none were: nothing wrote the table) get an id derived from their key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table trusted_merchants add column id text;
update trusted_merchants set id = 'tmer_' || md5(enet_id || '/' || merchant_mac) where id is null;
alter table trusted_merchants alter column id set not null;
create unique index trusted_merchants_id on trusted_merchants (id);
alter table trusted_merchants rename column merchant_name to merchant_name_enc;
alter table trusted_merchants add column acs_trans_id text;
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table trusted_merchants drop column acs_trans_id;
alter table trusted_merchants rename column merchant_name_enc to merchant_name;
drop index trusted_merchants_id;
alter table trusted_merchants drop column id;
`,
  );
}
