import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * The go-live checklist's SMS test sends (src/features/go-live/service/sms-test.ts): who sent one, to which
 * number (sealed and masked), through which provider, and whether the provider took it. The checklist is green
 * while a recent test send through the current provider succeeded.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `create table go_live_sms_tests (
  id text primary key,
  sms_id text not null,
  operator_id text not null references operators(id),
  phone_enc text not null,
  phone_masked text not null,
  provider text not null,
  ok boolean not null,
  error text,
  created_at timestamptz not null
);
create index go_live_sms_tests_created on go_live_sms_tests (created_at);`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, 'drop table go_live_sms_tests;');
}
