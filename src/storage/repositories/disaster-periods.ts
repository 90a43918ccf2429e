import type { Executor } from '../database.ts';
import type { DisasterPeriodRow } from '../tables/investigations.ts';

/** Terms art. 5-3-8: periods of war, earthquake or similar disorder declared in the console; withdrawn, never deleted. */

export async function insertDisasterPeriod(
  trx: Executor,
  p: { id: string; name: string; startsAt: Date; endsAt: Date; note: string; declaredBy: string; declaredAt: Date },
): Promise<void> {
  await trx
    .insertInto('disaster_periods')
    .values({
      id: p.id,
      name: p.name,
      starts_at: p.startsAt,
      ends_at: p.endsAt,
      note: p.note,
      declared_by: p.declaredBy,
      declared_at: p.declaredAt,
    })
    .execute();
}

/** Withdraws a period still in force; false when there is none with this id. */
export async function withdrawDisasterPeriod(trx: Executor, id: string, by: string, at: Date): Promise<boolean> {
  const done = await trx
    .updateTable('disaster_periods')
    .set({ withdrawn_at: at, withdrawn_by: by })
    .where('id', '=', id)
    .where('withdrawn_at', 'is', null)
    .returning('name')
    .executeTakeFirst();
  return done !== undefined;
}

/** The periods in force (not withdrawn), as the liability engine reads them. */
export async function disasterPeriodsInForce(db: Executor) {
  return db
    .selectFrom('disaster_periods')
    .select(['name', 'starts_at', 'ends_at'])
    .where('withdrawn_at', 'is', null)
    .execute();
}

/** Every declared period, newest start first, for the console. */
export async function disasterPeriods(db: Executor): Promise<DisasterPeriodRow[]> {
  return db.selectFrom('disaster_periods').selectAll().orderBy('starts_at', 'desc').limit(200).execute();
}
