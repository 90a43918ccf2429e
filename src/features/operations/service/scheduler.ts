import type { Clock } from '../../../core/ports.ts';
import { RESULTS } from '../../../core/transaction-state.ts';
import type { KeyRing } from '../../../infra/crypto/keyring.ts';
import { newId } from '../../../infra/ids.ts';
import { PeriodicTask } from '../../../infra/jobs/periodic.ts';
import type { Logger } from '../../../infra/logger.ts';
import type { Db } from '../../../storage/database.ts';
import type { ServiceWindowRow } from '../../../storage/tables/operations.ts';
import { endChallenge } from '../../authentication/challenge/end.ts';
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
    const announced = await this.#claimable('announced_at', now).where('notice_from', '<=', now).execute();
    for (const w of announced) await this.#publish(w, now);
    const started = await this.#claimable('started_at', now).where('starts_at', '<=', now).execute();
    for (const w of started) await this.#onStart(w, now);
    const ended = await this.#claimable('ended_at', now)
      .where('ends_at', '<=', now)
      .where('started_at', 'is not', null)
      .execute();
    await this.status.reload();
    if (started.length + ended.length > 0)
      this.logger.info({ started: started.map((w) => w.id), ended: ended.map((w) => w.id) }, 'service windows changed');
    return { announced: announced.map((w) => w.id), started: started.map((w) => w.id), ended: ended.map((w) => w.id) };
  }

  #claimable(column: 'announced_at' | 'started_at' | 'ended_at', now: Date) {
    return this.db
      .updateTable('service_windows')
      .set({ [column]: now })
      .where(column, 'is', null)
      .where('cancelled_at', 'is', null)
      .returningAll();
  }

  async #publish(w: ServiceWindowRow, now: Date): Promise<void> {
    await this.db
      .insertInto('notices')
      .values({
        id: newId('ntc', now.getTime()),
        kind: w.kind,
        title: w.title,
        title_en: w.title_en,
        body: w.body,
        body_en: w.body_en,
        published_at: now,
        window_id: w.id,
        created_by: 'system',
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['window_id', 'kind']).where('window_id', 'is not', null).doNothing())
      .execute();
  }

  /** A whole-service stop ends every open challenge with U/22 and an RReq (the page shows why). */
  async #onStart(w: ServiceWindowRow, now: Date): Promise<void> {
    if (w.scope !== 'all') return;
    const open = await this.db
      .selectFrom('transactions')
      .select('acs_trans_id')
      .where('state', 'in', ['challenge_issued', 'challenge_in_progress'])
      .execute();
    for (const t of open) {
      const ended = await this.db
        .transaction()
        .execute((trx) => endChallenge(trx, this.keys, t.acs_trans_id, RESULTS.serviceSuspended, now));
      if (ended) this.onRReq(ended.rreqJobId);
    }
  }
}
