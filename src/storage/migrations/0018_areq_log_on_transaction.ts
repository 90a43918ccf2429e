import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * One row per AReq (issue 19): the AReq/ARes pair and the opening event are kept on the transaction row the
 * AReq's group commit inserts, instead of three more rows in `messages` and `transaction_events`. Readers see
 * them through two views that add them to the stored rows: `message_log` (the AReq with id `areq-<acsTransID>`,
 * the ARes with `ares-<acsTransID>`, both at the transaction's `created_at`) and `transaction_event_log` (the
 * opening event with id 0, so it sorts first). Transactions recorded before this keep their rows in the tables.
 * The bodies are `text` (our own JSON.stringify of a validated message), made `json` by the view: a transaction
 * row read or returned by a challenge step is not parsed as JSON twice for bodies it does not use.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table transactions
  add column opening_state text,
  add column opening_detail text,
  add column areq_body text,
  add column areq_pan_enc text,
  add column areq_personal_enc text,
  add column ares_body text,
  add column ares_personal_enc text;

create view message_log as
  select id, acs_trans_id, three_ds_server_trans_id, ds_trans_id, direction, message_type, body, pan_enc,
    personal_enc, created_at
  from messages
  union all
  select 'areq-' || acs_trans_id, acs_trans_id, three_ds_server_trans_id, ds_trans_id, 'in', 'AReq', areq_body::json,
    areq_pan_enc, areq_personal_enc, created_at
  from transactions where areq_body is not null
  union all
  select 'ares-' || acs_trans_id, acs_trans_id, three_ds_server_trans_id, ds_trans_id, 'out', 'ARes', ares_body::json,
    null, ares_personal_enc, created_at
  from transactions where ares_body is not null;

create view transaction_event_log as
  select id, acs_trans_id, at, from_state, to_state, detail from transaction_events
  union all
  select 0, acs_trans_id, created_at, 'created', opening_state, opening_detail
  from transactions where opening_state is not null;
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
drop view transaction_event_log;
drop view message_log;
insert into transaction_events (acs_trans_id, at, from_state, to_state, detail)
  select acs_trans_id, created_at, 'created', opening_state, opening_detail from transactions
  where opening_state is not null;
insert into messages (id, acs_trans_id, three_ds_server_trans_id, ds_trans_id, direction, message_type, body,
    pan_enc, personal_enc, created_at)
  select 'areq-' || acs_trans_id, acs_trans_id, three_ds_server_trans_id, ds_trans_id, 'in', 'AReq', areq_body::json,
    areq_pan_enc, areq_personal_enc, created_at from transactions where areq_body is not null
  union all
  select 'ares-' || acs_trans_id, acs_trans_id, three_ds_server_trans_id, ds_trans_id, 'out', 'ARes', ares_body::json,
    null, ares_personal_enc, created_at from transactions where ares_body is not null;
alter table transactions
  drop column opening_state,
  drop column opening_detail,
  drop column areq_body,
  drop column areq_pan_enc,
  drop column areq_personal_enc,
  drop column ares_body,
  drop column ares_personal_enc;
`,
  );
}
