import type { Logger } from '../../infra/logger.ts';
import type { Executor } from '../../storage/database.ts';
import { listCardRanges } from '../../storage/repositories/issuers.ts';

interface Range {
  id: string;
  issuerId: string;
  low: string;
  high: string;
}

/** Pads a PAN to 19 digits so that it compares against range bounds as text. */
export function rangeKey(pan: string, fill: '0' | '9' = '0'): string {
  return pan.padEnd(19, fill);
}

/**
 * The BIN ranges this ACS serves, kept in memory (a handful of rows) so the AReq path does not query them.
 * Refreshed periodically; a range added by an operator is served within `refreshMs`.
 */
export class CardRangeCache {
  #ranges: Range[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly db: Executor) {}

  async load(): Promise<void> {
    const rows = await listCardRanges(this.db);
    this.#ranges = rows.map((r) => ({ id: r.id, issuerId: r.issuer_id, low: r.pan_low, high: r.pan_high }));
  }

  /** A failed refresh keeps the ranges already loaded and is tried again next time (the database may be down). */
  startRefresh(logger?: Logger, refreshMs = 60_000): void {
    this.#timer = setInterval(
      () => void this.load().catch((err: unknown) => logger?.warn({ err }, 'card range refresh failed')),
      refreshMs,
    );
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  issuerFor(pan: string): string | undefined {
    return this.rangeFor(pan)?.issuerId;
  }

  rangeFor(pan: string): Range | undefined {
    const key = rangeKey(pan);
    return this.#ranges.find((r) => r.low <= key && key <= r.high);
  }
}
