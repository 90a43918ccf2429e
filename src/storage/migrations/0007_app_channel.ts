import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * The app channel (EMV 3DS deviceChannel 01): what a CReq needs, kept on its transaction. Nullable columns
 * without defaults, so adding them rewrites nothing and browser rows never fill them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table transactions
  add column app_session_key_enc text,
  add column app_sdk_counter integer check (app_sdk_counter between 0 and 256),
  add column app_acs_counter integer check (app_acs_counter between 0 and 256),
  add column app_step text check (app_step in ('enet_id', 'code')),
  add column app_enet_id_mac text,
  add column app_lang text check (app_lang in ('ja', 'en'));
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table transactions
  drop column app_session_key_enc,
  drop column app_sdk_counter,
  drop column app_acs_counter,
  drop column app_step,
  drop column app_enet_id_mac,
  drop column app_lang;
`,
  );
}
