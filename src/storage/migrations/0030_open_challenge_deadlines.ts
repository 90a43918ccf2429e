import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * The timeout sweeper's scan (`lockOverdueChallenges`, src/storage/repositories/transactions.ts) runs every second
 * and asks for open challenges past their deadline, oldest first. The index of 0001 held every row with a
 * deadline; without statistics on `transactions` (a new database, or one autovacuum has not analysed yet) the
 * planner costed it as a third of the table and scanned the whole table instead: 20–60 ms a second under the
 * bench's load (docs/performance.md). An index over the open challenges only (states from
 * src/core/transaction-state.ts, OPEN_CHALLENGE_STATES) matches the scan's own condition, holds only what the
 * sweeper may end, and is chosen whatever the statistics say (test/storage/sweeper-plan.test.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create index transactions_open_deadline on transactions (deadline_at)
  where state in ('challenge_issued', 'challenge_in_progress');
drop index transactions_deadline;
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create index transactions_deadline on transactions (deadline_at) where deadline_at is not null;
drop index transactions_open_deadline;
`,
  );
}
