import { sql } from 'kysely';
import type { Db } from '../storage/database.ts';
import type { KeyRing } from './crypto/keyring.ts';

/**
 * Fixed-window counters in the database, so every node shares them. The key is MACed: counters name
 * IP addresses and IDs, which are personal data. Returns the count after this hit.
 */
export async function countHit(db: Db, keys: KeyRing, key: string, at: Date, windowMs: number): Promise<number> {
  const windowStart = new Date(Math.floor(at.getTime() / windowMs) * windowMs);
  const result = await sql<{ count: number }>`
    insert into rate_counters (key, window_start, count) values (${keys.mac('ratelimit', key)}, ${windowStart}, 1)
    on conflict (key, window_start) do update set count = rate_counters.count + 1
    returning count`.execute(db);
  return Number(result.rows[0]?.count ?? 1);
}

/** Reads a counter without counting (e.g. to refuse before work is done). */
export async function currentCount(db: Db, keys: KeyRing, key: string, at: Date, windowMs: number): Promise<number> {
  const windowStart = new Date(Math.floor(at.getTime() / windowMs) * windowMs);
  const row = await db
    .selectFrom('rate_counters')
    .select('count')
    .where('key', '=', keys.mac('ratelimit', key))
    .where('window_start', '=', windowStart)
    .executeTakeFirst();
  return row?.count ?? 0;
}

/**
 * Takes one of `max` slots in the window in one conditional statement and returns the count after it, or
 * undefined when all are taken: concurrent callers never exceed `max` (count first, then check the password or
 * code; `releaseSlot` on success).
 */
export async function takeSlot(
  db: Db,
  keys: KeyRing,
  key: string,
  at: Date,
  windowMs: number,
  max: number,
): Promise<number | undefined> {
  const windowStart = new Date(Math.floor(at.getTime() / windowMs) * windowMs);
  const result = await sql<{ count: number }>`
    insert into rate_counters (key, window_start, count) values (${keys.mac('ratelimit', key)}, ${windowStart}, 1)
    on conflict (key, window_start) do update set count = rate_counters.count + 1 where rate_counters.count < ${max}
    returning count`.execute(db);
  const count = result.rows[0]?.count;
  return count === undefined || Number(count) > max ? undefined : Number(count);
}

/** Gives back a slot taken by `takeSlot` (the attempt succeeded, so it was no failure). */
export async function releaseSlot(db: Db, keys: KeyRing, key: string, at: Date, windowMs: number): Promise<void> {
  const windowStart = new Date(Math.floor(at.getTime() / windowMs) * windowMs);
  await db
    .updateTable('rate_counters')
    .set((eb) => ({ count: eb('count', '-', 1) }))
    .where('key', '=', keys.mac('ratelimit', key))
    .where('window_start', '=', windowStart)
    .where('count', '>', 0)
    .execute();
}
