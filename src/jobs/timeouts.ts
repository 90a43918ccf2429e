import type { Clock } from '../core/ports.ts';
import { RESULTS } from '../core/transaction-state.ts';
import type { KeyRing } from '../crypto/keyring.ts';
import type { Logger } from '../logger.ts';
import { endChallenge } from '../services/challenge/end.ts';
import type { Db } from '../storage/database.ts';
import { PeriodicTask } from './periodic.ts';

/**
 * Ends challenges whose deadline passed (EMV: no first CReq within 30 s → challengeCancel 05; the whole
 * challenge over 10 minutes → 04), each with transStatusReason 14 and an RReq. Runs on every node; the
 * conditional update in endChallenge makes each ending happen once.
 */
export class TimeoutSweeper {
  readonly #periodic: PeriodicTask;

  constructor(
    private readonly db: Db,
    private readonly keys: KeyRing,
    private readonly clock: Clock,
    logger: Logger,
    private readonly onEnded: (rreqJobId: string) => void,
    intervalMs = 1000,
  ) {
    this.#periodic = new PeriodicTask('timeout sweep', () => this.sweep(), logger, intervalMs);
  }

  start(): void {
    this.#periodic.start();
  }

  stop(): Promise<void> {
    return this.#periodic.stop();
  }

  async sweep(): Promise<number> {
    const now = this.clock.now();
    const due = await this.db
      .selectFrom('transactions')
      .select(['acs_trans_id', 'state'])
      .where('deadline_at', '<=', now)
      .where('state', 'in', ['challenge_issued', 'challenge_in_progress'])
      .limit(100)
      .execute();
    let ended = 0;
    for (const t of due) {
      const result = t.state === 'challenge_issued' ? RESULTS.firstCreqTimedOut : RESULTS.timedOut;
      const done = await this.db
        .transaction()
        .execute((trx) => endChallenge(trx, this.keys, t.acs_trans_id, result, now));
      if (done) {
        ended++;
        this.onEnded(done.rreqJobId);
      }
    }
    return ended;
  }
}
