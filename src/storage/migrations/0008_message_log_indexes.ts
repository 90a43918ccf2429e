import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * The message log on the AReq hot path (docs/performance.md): every AReq writes two rows, and each index on
 * `messages` is work PostgreSQL does per row. Messages of a transaction are found by `acs_trans_id`; a
 * search by threeDSServerTransID or dsTransID goes through `transactions` (indexed there) to it. Only
 * messages that never became a transaction (an Erro to a broken AReq) need their own id indexes, so those
 * become partial. The body is kept as `json` (validated text) rather than `jsonb`: nothing queries inside
 * it, and it is shown as received.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
drop index messages_server;
drop index messages_ds;
create index messages_unmatched_server on messages (three_ds_server_trans_id) where acs_trans_id is null;
create index messages_unmatched_ds on messages (ds_trans_id) where acs_trans_id is null;
alter table messages alter column body type json using body::json;
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table messages alter column body type jsonb using body::jsonb;
drop index messages_unmatched_server;
drop index messages_unmatched_ds;
create index messages_server on messages (three_ds_server_trans_id);
create index messages_ds on messages (ds_trans_id);
`,
  );
}
