import type { Executor } from '../database.ts';

/** Deletes of expired sign-in rows (src/infra/jobs/retention.ts decides the ages); each returns how many went. */

const count = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);

/** Portal or console sessions that expired or were revoked before `before`. */
export async function deleteEndedSessions(
  db: Executor,
  table: 'portal_sessions' | 'console_sessions',
  before: Date,
): Promise<number> {
  return count(
    await db
      .deleteFrom(table)
      .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
      .executeTakeFirst(),
  );
}

/** Single-use portal links used or expired before `before`. */
export async function deleteOldPortalLinks(db: Executor, before: Date): Promise<number> {
  return count(
    await db
      .deleteFrom('portal_links')
      .where((eb) => eb.or([eb('expires_at', '<', before), eb('used_at', '<', before)]))
      .executeTakeFirst(),
  );
}

/** Rate counters whose window started before `before`. */
export async function deleteOldRateCounters(db: Executor, before: Date): Promise<number> {
  return count(await db.deleteFrom('rate_counters').where('window_start', '<', before).executeTakeFirst());
}
