import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { overdueChallengesQuery } from '../../src/storage/repositories/transactions.ts';
import { forEachDialect } from '../support/databases.ts';
import { planText } from '../support/plans.ts';

/**
 * The timeout sweeper scans for overdue open challenges every second. On a table the planner has no statistics
 * for (a new database; autovacuum analyses later), it must still take the open challenges' index (migration 0030)
 * rather than read every transaction: that scan took 20–60 ms a second under load (docs/performance.md).
 */
forEachDialect('timeout sweeper: the overdue scan reads the open challenges index', (getDb) => {
  test('many decided, a few open challenges, no statistics: an index scan, the overdue ones found', async () => {
    const { db } = getDb();
    const at = new Date('2026-12-06T10:00:00Z');
    await sql`
      insert into transactions (acs_trans_id, three_ds_server_trans_id, message_version, device_channel,
        message_category, state, deadline_at, created_at, updated_at)
      select gen_random_uuid(), 'server-' || n, '2.2.0', '02', '01',
        case when n % 1000 = 0 then 'challenge_issued' else 'decided' end,
        case when n % 1000 = 0 then ${at}::timestamptz + (n - 3000) * interval '1 second' end,
        ${at}::timestamptz, ${at}::timestamptz
      from generate_series(1, 5000) n`.execute(db);
    const text = await planText(db, overdueChallengesQuery(db, at, 50).compile());
    assert.match(text, /transactions_open_deadline/, text);
    assert.doesNotMatch(text, /Seq Scan/, text);
    const overdue = await db.transaction().execute((trx) => overdueChallengesQuery(trx, at, 50).execute());
    assert.equal(overdue.length, 3); // n = 1000, 2000, 3000: deadlines at or before `at`
  });
});
