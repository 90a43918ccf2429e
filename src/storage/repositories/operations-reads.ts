import { sql } from 'kysely';
import type { Executor } from '../database.ts';

/**
 * What operations (service windows, mailings) read from tables other areas own: members, card ranges and
 * transactions. Reads only; the owners' repositories may absorb them later.
 */

/** Members enrolled in the service with an email address (the audience of a mailing). */
function enrolledWithEmail(db: Executor) {
  return db.selectFrom('members').where('enrollment', '=', 'enrolled').where('email', 'like', '%_@_%');
}

export async function countEnrolledMembersWithEmail(db: Executor): Promise<number> {
  const row = await enrolledWithEmail(db).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}

/** The next `limit` of those members by id after `afterEnetId` (null: from the first). */
export function enrolledMembersWithEmailAfter(
  db: Executor,
  afterEnetId: string | null,
  limit: number,
): Promise<Array<{ enet_id: string; name: string; email: string }>> {
  let query = enrolledWithEmail(db).select(['enet_id', 'name', 'email']).orderBy('enet_id').limit(limit);
  if (afterEnetId !== null) query = query.where('enet_id', '>', afterEnetId);
  return query.execute();
}

/** Transactions waiting for or in a challenge. */
export async function openChallengeTransactionIds(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('transactions')
    .select('acs_trans_id')
    .where('state', 'in', ['challenge_issued', 'challenge_in_progress'])
    .execute();
  return rows.map((r) => r.acs_trans_id);
}

export async function cardRangeExists(db: Executor, id: string): Promise<boolean> {
  return (await db.selectFrom('card_ranges').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export function cardRangeIds(db: Executor): Promise<Array<{ id: string }>> {
  return db.selectFrom('card_ranges').select('id').orderBy('id').execute();
}

export function cardRangeBounds(
  db: Executor,
  ids: readonly string[],
): Promise<Array<{ pan_low: string; pan_high: string }>> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('card_ranges')
    .select(['pan_low', 'pan_high'])
    .where('id', 'in', [...ids])
    .execute();
}
