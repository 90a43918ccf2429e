import { sql } from 'kysely';
import type { Executor } from '../database.ts';

/** Fixed-window counters (src/infra/rate-limit.ts); `key` is already MACed by the caller. */

/** Counts one hit in the window in one statement; returns the count after it. */
export async function incrementCounter(db: Executor, key: string, windowStart: Date): Promise<number> {
  const result = await sql<{ count: number }>`
    insert into rate_counters (key, window_start, count) values (${key}, ${windowStart}, 1)
    on conflict (key, window_start) do update set count = rate_counters.count + 1
    returning count`.execute(db);
  return Number(result.rows[0]?.count ?? 1);
}

export async function readCounter(db: Executor, key: string, windowStart: Date): Promise<number> {
  const row = await db
    .selectFrom('rate_counters')
    .select('count')
    .where('key', '=', key)
    .where('window_start', '=', windowStart)
    .executeTakeFirst();
  return row?.count ?? 0;
}

/** Counts one hit only while the count is below `max` (one conditional statement); undefined when it is not. */
export async function incrementCounterBelow(
  db: Executor,
  key: string,
  windowStart: Date,
  max: number,
): Promise<number | undefined> {
  const result = await sql<{ count: number }>`
    insert into rate_counters (key, window_start, count) values (${key}, ${windowStart}, 1)
    on conflict (key, window_start) do update set count = rate_counters.count + 1 where rate_counters.count < ${max}
    returning count`.execute(db);
  const count = result.rows[0]?.count;
  return count === undefined ? undefined : Number(count);
}

export async function decrementCounter(db: Executor, key: string, windowStart: Date): Promise<void> {
  await db
    .updateTable('rate_counters')
    .set((eb) => ({ count: eb('count', '-', 1) }))
    .where('key', '=', key)
    .where('window_start', '=', windowStart)
    .where('count', '>', 0)
    .execute();
}

/** Forgets the key's counts in every window. */
export async function deleteCounters(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('rate_counters').where('key', '=', key).execute();
}
