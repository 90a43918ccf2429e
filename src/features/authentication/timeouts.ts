import type { Clock } from '../../core/ports.ts';
import { PeriodicTask } from '../../infra/jobs/periodic.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Db } from '../../storage/database.ts';
import { endOverdueBatch } from './challenge/end-overdue.ts';

/** Challenges ended per statement: large enough to clear a 10,000-row backlog in seconds, small enough to lock briefly. */
const SWEEP_BATCH = 1000;

/**
 * Ends challenges whose deadline passed (EMV 3DS §5.5: no first CReq within 30 s → challengeCancel 05; the
 * challenge over its time → 04), each with transStatusReason 14 and an RReq. Runs on every node, batch after
 * batch until nothing is overdue; `FOR UPDATE SKIP LOCKED` gives each overdue challenge to one node only, and
 * a CReq that arrives late ends its own challenge the same way (challenge/end.ts).
 */
export class TimeoutSweeper {
  readonly #periodic: PeriodicTask;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    logger: Logger,
    /** Told the RReq jobs a batch queued (the worker picks them up at once). */
    private readonly onEnded: (rreqJobIds: readonly string[]) => void,
    intervalMs = 1000,
    private readonly batchSize = SWEEP_BATCH,
  ) {
    this.#periodic = new PeriodicTask('timeout sweep', () => this.sweep(), logger, intervalMs);
  }

  start(): void {
    this.#periodic.start();
  }

  stop(): Promise<void> {
    return this.#periodic.stop();
  }

  /** Ends every challenge overdue now; returns how many this node ended. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    let ended = 0;
    for (;;) {
      const jobIds = await endOverdueBatch(this.db, now, this.batchSize);
      ended += jobIds.length;
      if (jobIds.length > 0) this.onEnded(jobIds);
      if (jobIds.length < this.batchSize) return ended;
    }
  }
}
