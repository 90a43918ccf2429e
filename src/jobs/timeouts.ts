import type { Clock } from '../core/ports.ts';
import { RESULTS } from '../core/transaction-state.ts';
import type { KeyRing } from '../crypto/keyring.ts';
import type { Logger } from '../logger.ts';
import { endChallenge } from '../services/challenge/end.ts';
import type { Db } from '../storage/database.ts';

/**
 * Ends challenges whose deadline passed (EMV: no first CReq within 30 s → challengeCancel 05; the whole
 * challenge over 10 minutes → 04), each with transStatusReason 14 and an RReq. Runs on every node; the
 * conditional update in endChallenge makes each ending happen once.
 */
export class TimeoutSweeper {
  #timer: NodeJS.Timeout | undefined;
  #busy: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly keys: KeyRing,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly onEnded: (rreqJobId: string) => void,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    this.#timer = setInterval(() => {
      this.#busy = this.sweep().then(
        () => {},
        (err) => this.logger.error({ err }, 'timeout sweep failed'),
      );
    }, this.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#busy;
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
