import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/** The retention sweep (src/infra/jobs/retention.ts) deletes old rate-limit windows by start time. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, 'create index rate_counters_window on rate_counters (window_start);');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, 'drop index rate_counters_window;');
}
