import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import type { Db } from './database.ts';
import * as m0001 from './migrations/0001_foundation.ts';
import * as m0002 from './migrations/0002_portal.ts';
import * as m0003 from './migrations/0003_console.ts';
import * as m0004 from './migrations/0004_operations.ts';
import * as m0005 from './migrations/0005_investigations.ts';
import * as m0006 from './migrations/0006_terms_and_mailings.ts';
import * as m0007 from './migrations/0007_app_channel.ts';
import * as m0008 from './migrations/0008_message_log_indexes.ts';
import * as m0009 from './migrations/0009_retention.ts';
import * as m0010 from './migrations/0010_challenge_bindings.ts';
import * as m0011 from './migrations/0011_sealed_message_fields.ts';
import * as m0012 from './migrations/0012_findings_question_list.ts';
import * as m0013 from './migrations/0013_card_range_admin.ts';
import * as m0014 from './migrations/0014_cvk_ceremony.ts';
import * as m0015 from './migrations/0015_imports.ts';
import * as m0016 from './migrations/0016_go_live_sms_tests.ts';
import * as m0017 from './migrations/0017_operator_accounts.ts';
import * as m0018 from './migrations/0018_areq_log_on_transaction.ts';
import * as m0019 from './migrations/0019_passkeys.ts';
import * as m0020 from './migrations/0020_risk_based_authentication.ts';
import * as m0021 from './migrations/0021_risk_backtest_shadow.ts';
import * as m0022 from './migrations/0022_trusted_merchant_rows.ts';
import * as m0024 from './migrations/0024_spc_credentials.ts';
import * as m0027 from './migrations/0027_payment_passkey_opt_in.ts';
import * as m0028 from './migrations/0028_phone_bindings_history_index.ts';
import * as m0029 from './migrations/0029_member_risk_facts.ts';
import * as m0030 from './migrations/0030_open_challenge_deadlines.ts';
import * as m0031 from './migrations/0031_card_history_covering_index.ts';

/** Versioned migrations, in order. A new migration is a new file added here; never edit a shipped one. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_portal': m0002,
  '0003_console': m0003,
  '0004_operations': m0004,
  '0005_investigations': m0005,
  '0006_terms_and_mailings': m0006,
  '0007_app_channel': m0007,
  '0008_message_log_indexes': m0008,
  '0009_retention': m0009,
  '0010_challenge_bindings': m0010,
  '0011_sealed_message_fields': m0011,
  '0012_findings_question_list': m0012,
  '0013_card_range_admin': m0013,
  '0014_cvk_ceremony': m0014,
  '0015_imports': m0015,
  '0016_go_live_sms_tests': m0016,
  '0017_operator_accounts': m0017,
  '0018_areq_log_on_transaction': m0018,
  '0019_passkeys': m0019,
  '0020_risk_based_authentication': m0020,
  '0021_risk_backtest_shadow': m0021,
  '0022_trusted_merchant_rows': m0022,
  '0024_spc_credentials': m0024,
  '0027_payment_passkey_opt_in': m0027,
  '0028_phone_bindings_history_index': m0028,
  '0029_member_risk_facts': m0029,
  '0030_open_challenge_deadlines': m0030,
  '0031_card_history_covering_index': m0031,
};

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

/**
 * Runs pending migrations. Kysely's migrator takes a lock (a row lock on kysely_migration_lock inside a
 * transaction on PostgreSQL), so two nodes starting together run each migration once.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when every known migration has been applied (readiness). */
export async function migrationsDone(db: Db): Promise<boolean> {
  const migrator = new Migrator({ db, provider: new StaticProvider() });
  const list = await migrator.getMigrations();
  return list.every((m) => m.executedAt !== undefined);
}
