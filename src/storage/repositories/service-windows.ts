import type { Insertable } from 'kysely';
import type { Executor } from '../database.ts';
import type { ServiceWindowRow, ServiceWindowsTable } from '../tables/operations.ts';

/** Maintenance windows and emergency stops (terms art. 11). Each step of a window is one conditional update. */

export async function insertServiceWindow(db: Executor, row: Insertable<ServiceWindowsTable>): Promise<void> {
  await db.insertInto('service_windows').values(row).execute();
}

/**
 * Ends a window in force at `at` (started, not ended or cancelled) and marks it ended, so the scheduler's own
 * end step passes it by; undefined when there is none with that id.
 */
export function endWindowInForce(db: Executor, id: string, at: Date): Promise<ServiceWindowRow | undefined> {
  return db
    .updateTable('service_windows')
    .set((eb) => ({ ends_at: at, ended_at: at, started_at: eb.fn.coalesce('started_at', eb.val(at)) }))
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .where('starts_at', '<=', at)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', at)]))
    .returningAll()
    .executeTakeFirst();
}

/** Cancels a window that has not started by `at`; undefined when there is none with that id. */
export function cancelWindowNotStarted(db: Executor, id: string, at: Date): Promise<ServiceWindowRow | undefined> {
  return db
    .updateTable('service_windows')
    .set({ cancelled_at: at })
    .where('id', '=', id)
    .where('started_at', 'is', null)
    .where('starts_at', '>', at)
    .where('cancelled_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Windows neither ended nor cancelled, soonest start first. */
export function openWindows(db: Executor): Promise<ServiceWindowRow[]> {
  return db
    .selectFrom('service_windows')
    .selectAll()
    .where('cancelled_at', 'is', null)
    .where('ended_at', 'is', null)
    .orderBy('starts_at')
    .execute();
}

/** The latest ended or cancelled windows, newest first. */
export function closedWindows(db: Executor, limit: number): Promise<ServiceWindowRow[]> {
  return db
    .selectFrom('service_windows')
    .selectAll()
    .where((eb) => eb.or([eb('cancelled_at', 'is not', null), eb('ended_at', 'is not', null)]))
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Open windows whose start has come by `at` (whether still in force is the caller's rule). */
export function openWindowsStartedBy(db: Executor, at: Date): Promise<ServiceWindowRow[]> {
  return db
    .selectFrom('service_windows')
    .selectAll()
    .where('cancelled_at', 'is', null)
    .where('ended_at', 'is', null)
    .where('starts_at', '<=', at)
    .execute();
}

export type WindowStep = 'announced_at' | 'started_at' | 'ended_at';

/**
 * Claims one step for every window due for it (its notice time, start or planned end has come): one
 * conditional update each, so with several nodes on one database each window's step is claimed once.
 */
export function claimDueWindowStep(db: Executor, step: WindowStep, now: Date): Promise<ServiceWindowRow[]> {
  let query = db
    .updateTable('service_windows')
    .set({ [step]: now })
    .where(step, 'is', null)
    .where('cancelled_at', 'is', null);
  if (step === 'announced_at') query = query.where('notice_from', '<=', now);
  if (step === 'started_at') query = query.where('starts_at', '<=', now);
  if (step === 'ended_at') query = query.where('ends_at', '<=', now).where('started_at', 'is not', null);
  return query.returningAll().execute();
}

export type WindowSpan = Pick<ServiceWindowRow, 'id' | 'kind' | 'scope' | 'starts_at' | 'ends_at' | 'cancelled_at'>;

/** Open windows without their texts: what the in-memory service status needs. */
export function openWindowSpans(db: Executor): Promise<WindowSpan[]> {
  return db
    .selectFrom('service_windows')
    .select(['id', 'kind', 'scope', 'starts_at', 'ends_at', 'cancelled_at'])
    .where('ended_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .execute();
}
