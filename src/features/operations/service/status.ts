import { type ServiceWindow, type SuspensionScope, suspensionAt } from '../../../core/suspension.ts';
import type { Db } from '../../../storage/database.ts';
import { openWindowSpans } from '../../../storage/repositories/service-windows.ts';
import type { CardRangeCache } from '../../issuer-api/card-ranges.ts';
import type { ServiceStatus, Suspension } from './service-status.ts';

/**
 * The windows that matter now or soon, kept in memory so the AReq path reads no table for them. The
 * operations scheduler reloads it every tick, and a change made on this node reloads it at once.
 */
export class WindowServiceStatus implements ServiceStatus {
  #windows: ServiceWindow[] = [];

  constructor(
    private readonly db: Db,
    private readonly ranges: CardRangeCache,
  ) {}

  async reload(): Promise<void> {
    const rows = await openWindowSpans(this.db);
    this.#windows = rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      scope: r.scope as SuspensionScope,
      startsAt: new Date(r.starts_at),
      endsAt: r.ends_at ? new Date(r.ends_at) : undefined,
      cancelledAt: r.cancelled_at ? new Date(r.cancelled_at) : undefined,
    }));
  }

  suspensionFor(_issuerId: string, pan: string, at: Date): Suspension {
    const range = pan ? this.ranges.rangeFor(pan) : undefined;
    const s = suspensionAt(this.#windows, at, range?.id);
    return { acs: s.acs, sms: s.sms };
  }

  /** For the portal: which member functions are paused right now. */
  pausedFunctions(at: Date): { authentication: boolean; sms: boolean; registration: boolean } {
    const s = suspensionAt(this.#windows, at, undefined);
    return { authentication: s.acs, sms: s.sms, registration: s.registration };
  }
}
