/**
 * A transactional outbox (the queries: src/storage/repositories/jobs.ts): work is enqueued in the same database
 * transaction as the change that causes it, and a worker on any node claims due jobs with `FOR UPDATE SKIP LOCKED`.
 */
export {
  claimDueJobs,
  completeJob,
  enqueueJob,
  failJob,
  JOB_LEASE_MS,
  type JobKind,
} from '../../storage/repositories/jobs.ts';

/** Exponential backoff with a cap: 1 s, 2 s, 4 s … 5 min. */
export function backoffMs(attempts: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.max(0, attempts - 1));
}
