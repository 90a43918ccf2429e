import type { Executor } from '../storage/database.ts';
import {
  decrementCounter,
  deleteCounters,
  incrementCounter,
  incrementCounterBelow,
} from '../storage/repositories/rate-counters.ts';
import type { KeyRing } from './crypto/keyring.ts';

/**
 * Fixed-window counters in the database, so every node shares them. The key is MACed: counters name
 * IP addresses and IDs, which are personal data. Returns the count after this hit.
 */
export async function countHit(db: Executor, keys: KeyRing, key: string, at: Date, windowMs: number): Promise<number> {
  return incrementCounter(db, keys.mac('ratelimit', key), windowOf(at, windowMs));
}

/**
 * Takes one of `max` slots in the window in one conditional statement and returns the count after it, or
 * undefined when all are taken: concurrent callers never exceed `max` (count first, then check the password or
 * code; `releaseSlot` on success).
 */
export async function takeSlot(
  db: Executor,
  keys: KeyRing,
  key: string,
  at: Date,
  windowMs: number,
  max: number,
): Promise<number | undefined> {
  const count = await incrementCounterBelow(db, keys.mac('ratelimit', key), windowOf(at, windowMs), max);
  return count === undefined || count > max ? undefined : count;
}

/** Gives back a slot taken by `takeSlot` (the attempt succeeded, so it was no failure). */
export async function releaseSlot(db: Executor, keys: KeyRing, key: string, at: Date, windowMs: number): Promise<void> {
  await decrementCounter(db, keys.mac('ratelimit', key), windowOf(at, windowMs));
}

/** Forgets every count of the key (a success forgives the failures before it). */
export async function forgetCounts(db: Executor, keys: KeyRing, key: string): Promise<void> {
  await deleteCounters(db, keys.mac('ratelimit', key));
}

function windowOf(at: Date, windowMs: number): Date {
  return new Date(Math.floor(at.getTime() / windowMs) * windowMs);
}
