import type { Clock } from '../../core/ports.ts';
import type { Db } from '../../storage/database.ts';
import { deleteEndedCeremonies } from '../../storage/repositories/passkeys.ts';
import {
  deleteEndedSessions,
  deleteOldPortalLinks,
  deleteOldRateCounters,
} from '../../storage/repositories/sign-in-retention.ts';
import type { Logger } from '../logger.ts';
import { PeriodicTask } from './periodic.ts';

const DAY_MS = 86_400_000;

/**
 * How long rows that only serve sign-in and abuse control are kept after they stop mattering. Sessions are
 * kept half a year after they ended (the member's device list and an investigator's questions look back that
 * far); single-use links a month after use or expiry; rate counters two days (the longest window is a day).
 * Authentication records, codes, messages, audit rows and cases are evidence and are never swept here.
 */
export const RETENTION_DAYS = { sessions: 180, links: 30, rateCounters: 2, passkeyCeremonies: 30 } as const;

export interface Swept {
  portalSessions: number;
  consoleSessions: number;
  portalLinks: number;
  rateCounters: number;
  /** Passkey registrations and unused authentications, a month after they ended (docs/passkeys.md). */
  passkeyCeremonies: number;
}

/** Deletes expired sign-in rows on every node; each delete is idempotent, so two nodes at once do no harm. */
export class RetentionSweeper {
  readonly #periodic: PeriodicTask;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly logger: Logger,
    intervalMs = 3_600_000,
  ) {
    this.#periodic = new PeriodicTask('retention sweep', () => this.sweep(), logger, intervalMs);
  }

  start(): void {
    this.#periodic.start();
  }

  stop(): Promise<void> {
    return this.#periodic.stop();
  }

  async sweep(): Promise<Swept> {
    const now = this.clock.now().getTime();
    const before = (days: number) => new Date(now - days * DAY_MS);
    const sessionsEnded = before(RETENTION_DAYS.sessions);
    const swept: Swept = {
      portalSessions: await deleteEndedSessions(this.db, 'portal_sessions', sessionsEnded),
      consoleSessions: await deleteEndedSessions(this.db, 'console_sessions', sessionsEnded),
      portalLinks: await deleteOldPortalLinks(this.db, before(RETENTION_DAYS.links)),
      rateCounters: await deleteOldRateCounters(this.db, before(RETENTION_DAYS.rateCounters)),
      passkeyCeremonies: await deleteEndedCeremonies(this.db, before(RETENTION_DAYS.passkeyCeremonies)),
    };
    if (Object.values(swept).some((n) => n > 0)) this.logger.info(swept, 'retention sweep');
    return swept;
  }
}
