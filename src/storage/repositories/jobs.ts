import { type RawBuilder, sql, type Updateable } from 'kysely';
import { newId } from '../../infra/ids.ts';
import type { Executor } from '../database.ts';
import type { JobRow, JobsTable } from '../schema.ts';

/**
 * A transactional outbox: work is enqueued in the same database transaction as the change that causes it,
 * and a worker on any node claims due jobs with `FOR UPDATE SKIP LOCKED`, so no job runs on two nodes.
 */
export type JobKind = 'rreq' | 'sms' | 'email' | 'mailing';

/** How long a claim holds a job: one whose worker died with it is taken by any worker after this. */
export const JOB_LEASE_MS = 30_000;

/**
 * A new job's row as it is inserted. `claimed`: created already claimed by the request that queues it (issue 19:
 * no claim statement of its own, docs/performance.md): the row is what `claimDueJobs` would have returned (one
 * attempt, the lease from `at`), and the request runs it from memory once its transaction has committed
 * (`JobWorker.runClaimed`); if the request dies first, the lease runs out and any worker takes it.
 */
export function newJobRow(
  job: { id: string; kind: JobKind; payload: Record<string, unknown>; at: Date },
  claimed: boolean,
): JobRow {
  return {
    id: job.id,
    kind: job.kind,
    payload: job.payload,
    status: 'pending',
    attempts: claimed ? 1 : 0,
    run_at: job.at,
    locked_until: claimed ? new Date(job.at.getTime() + JOB_LEASE_MS) : null,
    last_error: null,
    created_at: job.at,
    done_at: null,
  };
}

/** A job row's insert values (the payload as JSON text, as both drivers take it). */
export function jobInsert(row: JobRow) {
  return { ...row, payload: JSON.stringify(row.payload) };
}

export async function enqueueJob(
  trx: Executor,
  job: { kind: JobKind; payload: Record<string, unknown>; at: Date; id?: string },
): Promise<string> {
  const id = job.id ?? newId('job', job.at.getTime());
  await trx
    .insertInto('jobs')
    .values(jobInsert(newJobRow({ ...job, id }, false)))
    .execute();
  return id;
}

/** Claims up to `limit` due jobs for `leaseMs`; a crashed worker's lease simply runs out. */
export async function claimDueJobs(
  db: Executor,
  now: Date,
  limit: number,
  leaseMs: number,
  onlyId?: string,
): Promise<JobRow[]> {
  const until = new Date(now.getTime() + leaseMs);
  const rows = await sql<JobRow>`
    update jobs set locked_until = ${until}, attempts = attempts + 1
    where id in (
      select id from jobs
      where status = 'pending' and run_at <= ${now} and (locked_until is null or locked_until < ${now})
      ${onlyId ? sql`and id = ${onlyId}` : sql``}
      order by run_at
      limit ${limit}
      for update skip locked
    )
    returning *`.execute(db);
  return rows.rows;
}

export async function completeJob(db: Executor, id: string, at: Date, detail?: string): Promise<void> {
  await recordAttempt(
    db,
    id,
    { status: 'done', done_at: at, locked_until: null, last_error: null },
    {
      at,
      outcome: 'done',
      detail: detail ?? null,
    },
  );
}

/**
 * A job done together with what its success changes, in ONE statement (issue 19: the SMS's send record and the
 * RRes's record do not pay a round trip of their own for the job's bookkeeping): `writes` are data-modifying
 * CTEs, run in this order's names (a later one may read an earlier one's RETURNING), then the job is done and
 * its attempt recorded as `completeJob` does. The handler then answers `recorded: true` (src/infra/jobs/worker.ts).
 */
export async function completeJobWith(
  db: Executor,
  writes: readonly (readonly [name: string, write: RawBuilder<unknown> | { compile(): unknown }])[],
  id: string,
  at: Date,
  detail: string | null,
): Promise<void> {
  const ctes = writes.map(([name, write]) => sql`${sql.id(name)} as (${write as RawBuilder<unknown>})`);
  await sql`
    with ${sql.join(ctes)},
    job as (
      update jobs set status = 'done', done_at = ${at}, locked_until = null, last_error = null
      where id = ${id} returning id
    )
    insert into job_attempts (job_id, at, outcome, detail)
    select job.id, ${at}::timestamptz, 'done', ${detail}::text from job`.execute(db);
}

/** Schedules another attempt, or gives up (`dead`) once `giveUp` is true. */
export async function failJob(
  db: Executor,
  id: string,
  at: Date,
  error: string,
  retryAt: Date | undefined,
): Promise<void> {
  await recordAttempt(
    db,
    id,
    retryAt
      ? { run_at: retryAt, locked_until: null, last_error: error }
      : { status: 'dead', done_at: at, locked_until: null, last_error: error },
    { at, outcome: retryAt ? 'retry' : 'dead', detail: error.slice(0, 500) },
  );
}

/** The job's new state and its attempt row in ONE statement (one implicit transaction, no begin/commit). */
async function recordAttempt(
  db: Executor,
  id: string,
  set: Updateable<JobsTable>,
  attempt: { at: Date; outcome: string; detail: string | null },
): Promise<void> {
  await db
    .with('job', (q) => q.updateTable('jobs').set(set).where('id', '=', id).returning('id'))
    .insertInto('job_attempts')
    .columns(['job_id', 'at', 'outcome', 'detail'])
    .expression((eb) =>
      eb
        .selectFrom('job')
        .select([
          'job.id',
          sql<Date>`${attempt.at}::timestamptz`.as('at'),
          sql<string>`${attempt.outcome}::text`.as('outcome'),
          sql<string | null>`${attempt.detail}::text`.as('detail'),
        ]),
    )
    .execute();
}

/** Moves a queued job's due time (a paced batch: queued now, due later). */
export async function deferJob(db: Executor, jobId: string, runAt: Date): Promise<void> {
  await db.updateTable('jobs').set({ run_at: runAt }).where('id', '=', jobId).execute();
}
