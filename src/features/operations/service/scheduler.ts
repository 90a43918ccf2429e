import type { Clock } from '../../../core/ports.ts';
import { RESULTS } from '../../../core/transaction-state.ts';
import type { KeyRing } from '../../../infra/crypto/keyring.ts';
import { newId } from '../../../infra/ids.ts';
import { PeriodicTask } from '../../../infra/jobs/periodic.ts';
import type { Logger } from '../../../infra/logger.ts';
import { type Db, withTransaction } from '../../../storage/database.ts';
import { insertNotice, insertWindowNoticeOnce } from '../../../storage/repositories/notices.ts';
import { openChallengeTransactionIds } from '../../../storage/repositories/operations-reads.ts';
import { claimDueWindowStep } from '../../../storage/repositories/service-windows.ts';
import type { ServiceWindowRow } from '../../../storage/tables/operations.ts';
import { endChallenge } from '../../authentication/challenge/end.ts';
import { announcementBody, resumedNotice } from './notice-texts.ts';
import type { WindowServiceStatus } from './status.ts';

/**
 * Announces, starts and ends service windows on time (terms art. 11). Runs on every node; each step is a
 * conditional update, so with two nodes on one database only one of them announces or starts a window.
 */
export class OperationsScheduler {
  readonly #periodic: PeriodicTask;

  constructor(
    private readonly db: Db,
    private readonly keys: KeyRing,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly status: WindowServiceStatus,
    private readonly onRReq: (jobId: string) => void,
    intervalMs = 1000,
  ) {
    this.#periodic = new PeriodicTask('operations tick', () => this.tick(), logger, intervalMs);
  }

  start(): void {
    this.#periodic.start();
  }

  stop(): Promise<void> {
    return this.#periodic.stop();
  }

  /** One pass; returns what this node did (tests run two nodes and add the answers up). */
  async tick(): Promise<{ announced: string[]; started: string[]; ended: string[] }> {
    const now = this.clock.now();
    const announced = await claimDueWindowStep(this.db, 'announced_at', now);
    for (const w of announced) await this.#publish(w, now);
    const started = await claimDueWindowStep(this.db, 'started_at', now);
    for (const w of started) await this.#onStart(w, now);
    // a planned end: the step and its "resumed" notice together (an early end publishes its own, windows.ts)
    const ended = await withTransaction(this.db, async (trx) => {
      const rows = await claimDueWindowStep(trx, 'ended_at', now);
      for (const w of rows) await insertNotice(trx, this.#resumed(w, new Date(w.ends_at ?? now), now));
      return rows;
    });
    await this.status.reload();
    if (started.length + ended.length > 0)
      this.logger.info({ started: started.map((w) => w.id), ended: ended.map((w) => w.id) }, 'service windows changed');
    return { announced: announced.map((w) => w.id), started: started.map((w) => w.id), ended: ended.map((w) => w.id) };
  }

  async #publish(w: ServiceWindowRow, now: Date): Promise<void> {
    await insertWindowNoticeOnce(this.db, {
      id: newId('ntc', now.getTime()),
      kind: w.kind,
      title: w.title,
      title_en: w.title_en,
      body: announcementBody(w, 'ja'),
      body_en: announcementBody(w, 'en'),
      published_at: now,
      window_id: w.id,
      created_by: 'system',
      created_at: now,
    });
  }

  #resumed(w: ServiceWindowRow, endedAt: Date, now: Date): Parameters<typeof insertNotice>[1] {
    return {
      id: newId('ntc', now.getTime()),
      kind: w.kind,
      ...resumedNotice(w, endedAt),
      published_at: now,
      window_id: null,
      created_by: 'system',
      created_at: now,
    };
  }

  /** A whole-service stop ends every open challenge with U/22 and an RReq (the page shows why). */
  async #onStart(w: ServiceWindowRow, now: Date): Promise<void> {
    if (w.scope !== 'all') return;
    const open = await openChallengeTransactionIds(this.db);
    for (const acsTransId of open) {
      const ended = await withTransaction(this.db, (trx) =>
        endChallenge(trx, this.keys, acsTransId, RESULTS.serviceSuspended, now),
      );
      if (ended) this.onRReq(ended.rreqJob.id);
    }
  }
}
