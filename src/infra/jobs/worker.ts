import type { Clock } from '../../core/ports.ts';
import type { Db } from '../../storage/database.ts';
import type { JobRow } from '../../storage/schema.ts';
import type { Logger } from '../logger.ts';
import { backoffMs, claimDueJobs, completeJob, failJob, JOB_LEASE_MS, type JobKind } from './queue.ts';

/** How long a job's bookkeeping is retried: well within the lease of `claimDueJobs` (JOB_LEASE_MS, 30 s). */
const RECORD_RETRY_MS = 20_000;

/**
 * Runs a database write until it succeeds, with backoff, for at most 20 s (a failover takes 4–12 s,
 * docs/reliability.md): for what must be recorded after an effect that cannot be undone (an RReq delivered).
 */
export async function untilRecorded<T>(write: () => Promise<T>, stopped: () => boolean = () => false): Promise<T> {
  const until = performance.now() + RECORD_RETRY_MS;
  for (let wait = 250; ; wait = Math.min(wait * 2, 2000)) {
    try {
      return await write();
    } catch (err) {
      if (stopped() || performance.now() + wait > until) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/**
 * `recorded`: the handler already completed the job in the statement that recorded its effect
 * (`completeJobWith`, src/storage/repositories/jobs.ts), so the worker records nothing more.
 */
export type JobOutcome =
  | { ok: true; detail?: string; recorded?: true }
  | { ok: false; retryable: boolean; error: string };

export interface JobHandler {
  run(job: JobRow): Promise<JobOutcome>;
  /** How long a job of this kind keeps being retried (from its creation) before it is given up. */
  retryWindowMs: number;
}

/**
 * Polls the job table and runs due jobs. `kick()` wakes it at once (after an enqueue in this process);
 * other nodes find the job on their next poll. Restart-safe: state lives only in the table.
 */
export class JobWorker {
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #again = false;
  #stopped = false;
  #idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly handlers: Partial<Record<JobKind, JobHandler>>,
    private readonly pollMs = 500,
  ) {}

  start(): void {
    this.#stopped = false;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#idle;
  }

  kick(): void {
    if (this.#stopped) return;
    if (this.#running) this.#again = true;
    else this.#schedule(0);
  }

  /** Runs one job now if it is due and unclaimed (used to deliver an RReq before rendering the final CRes). */
  async runNow(jobId: string): Promise<JobOutcome | undefined> {
    const [job] = await claimDueJobs(this.db, this.clock.now(), 1, JOB_LEASE_MS, jobId);
    return job ? this.#runOne(job) : undefined;
  }

  /**
   * Runs a job its request created already claimed (`newJobRow(…, true)`, src/storage/repositories/jobs.ts), from
   * the row it inserted: no claim statement. Call it only after that insert has committed.
   */
  runClaimed(job: JobRow): Promise<JobOutcome> {
    return this.#runOne(job);
  }

  #schedule(ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#idle = this.#tick();
    }, ms);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    this.#running = true;
    try {
      for (;;) {
        this.#again = false;
        const jobs = await claimDueJobs(this.db, this.clock.now(), 20, JOB_LEASE_MS);
        await Promise.all(jobs.map((job) => this.#runOne(job)));
        if (jobs.length < 20 && !this.#again) break;
      }
    } catch (err) {
      this.logger.error({ err }, 'job worker tick failed');
    } finally {
      this.#running = false;
      if (!this.#stopped) this.#schedule(this.pollMs);
    }
  }

  async #runOne(job: JobRow): Promise<JobOutcome> {
    const handler = this.handlers[job.kind as JobKind];
    let outcome: JobOutcome;
    try {
      outcome = handler ? await handler.run(job) : { ok: false, retryable: false, error: `no handler for ${job.kind}` };
    } catch (err) {
      this.logger.warn({ err, jobId: job.id, kind: job.kind }, 'job handler threw');
      outcome = { ok: false, retryable: true, error: err instanceof Error ? err.message : String(err) };
    }
    if (outcome.ok && outcome.recorded) return outcome;
    // A result that cannot be recorded (the database is failing over) is tried again while the lease lasts:
    // otherwise the job runs again when its lease runs out, and the DS gets the same RReq twice.
    await untilRecorded(
      () => this.#record(job, handler, outcome),
      () => this.#stopped,
    ).catch((err: unknown) => this.logger.error({ err, jobId: job.id }, 'could not record job result'));
    return outcome;
  }

  async #record(job: JobRow, handler: JobHandler | undefined, outcome: JobOutcome): Promise<void> {
    const now = this.clock.now();
    if (outcome.ok) {
      await completeJob(this.db, job.id, now, outcome.detail);
    } else {
      const window = handler?.retryWindowMs ?? 0;
      const retryAt = new Date(now.getTime() + backoffMs(job.attempts));
      const keepTrying = outcome.retryable && retryAt.getTime() - new Date(job.created_at).getTime() <= window;
      await failJob(this.db, job.id, now, outcome.error, keepTrying ? retryAt : undefined);
      this.logger.warn(
        { jobId: job.id, kind: job.kind, attempts: job.attempts, retry: keepTrying },
        'job attempt failed',
      );
    }
  }
}
