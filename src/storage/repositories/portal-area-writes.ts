import type { Executor } from '../database.ts';

/**
 * Writes the portal and operations make to tables other areas own (registration attempts, rate counters,
 * jobs). Kept apart so the owners' repositories can absorb them after the merge.
 */

/** Ends the member's pending phone-registration attempts; returns how many ended. */
export async function endPendingRegistrationAttempts(db: Executor, enetId: string, at: Date): Promise<number> {
  const result = await db
    .updateTable('phone_registration_attempts')
    .set({ status: 'ended', ended_at: at })
    .where('enet_id', '=', enetId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes a rate counter in every window (`keyMac`: the counter key's MAC, as src/infra/rate-limit.ts stores it). */
export async function deleteRateCounter(db: Executor, keyMac: string): Promise<void> {
  await db.deleteFrom('rate_counters').where('key', '=', keyMac).execute();
}

/** Moves a queued job's due time (a paced batch: queued now, due later). */
export async function deferJob(db: Executor, jobId: string, runAt: Date): Promise<void> {
  await db.updateTable('jobs').set({ run_at: runAt }).where('id', '=', jobId).execute();
}
