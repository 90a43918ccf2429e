import type { Logger } from '../../infra/logger.ts';
import { type Db, subscribe } from '../../storage/database.ts';
import type { Subscription } from '../../storage/notifications.ts';
import { CARD_RANGES_CHANNEL, cardRangeGeneration } from '../../storage/repositories/card-ranges.ts';
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

/** How often each node compares the range generation with the one it loaded (a missed NOTIFY heals this fast). */
export const GENERATION_CHECK_MS = 2000;
/** A full reload regardless, in case a change reached the table without bumping the generation (a manual edit). */
const FULL_RELOAD_MS = 60_000;

/**
 * The BIN ranges this ACS serves, kept in memory (a handful of rows) so the AReq path does not query them.
 * Kept current on every node (docs/operations.md "Card ranges"): a change NOTIFYs the channel in its own
 * transaction, each node LISTENs and reloads; every `GENERATION_CHECK_MS` each node also compares the
 * generation counter the change bumped, so a lost notification (or a listener reconnecting) costs seconds at most.
 * The node that made a change reloads at once (`reload`). A failed load keeps the ranges already loaded.
 */
export class CardRangeCache {
  #ranges: Range[] = [];
  #generation = -1;
  #timers: NodeJS.Timeout[] = [];
  #subscription: Promise<Subscription | undefined> | undefined;
  #loading: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  #logger: Logger | undefined;

  constructor(private readonly db: Db) {}

  /** Reads the generation, then the ranges: a change between the two only makes the next check load again. */
  async load(): Promise<void> {
    const generation = await cardRangeGeneration(this.db);
    const rows = await listCardRanges(this.db);
    this.#ranges = rows.map((r) => ({ id: r.id, issuerId: r.issuer_id, low: r.pan_low, high: r.pan_high }));
    this.#generation = generation;
  }

  /**
   * Loads now; concurrent calls share one load, and a call during a load runs one more after it (so a change
   * committed mid-load is not missed). Never rejects: a database fault is logged and the loaded ranges stay.
   */
  reload(): Promise<void> {
    if (this.#loading) {
      this.#again = true;
      return this.#loading;
    }
    this.#loading = (async () => {
      do {
        this.#again = false;
        try {
          await this.load();
        } catch (err) {
          this.#logger?.warn({ err }, 'card range refresh failed');
        }
      } while (this.#again && !this.#stopped);
    })().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  /** Reloads when another node's change bumped the generation. */
  async checkGeneration(): Promise<void> {
    try {
      if ((await cardRangeGeneration(this.db)) !== this.#generation) await this.reload();
    } catch (err) {
      this.#logger?.warn({ err }, 'card range generation check failed');
    }
  }

  startRefresh(logger?: Logger, checkMs = GENERATION_CHECK_MS): void {
    this.#logger = logger;
    const every = (ms: number, run: () => Promise<void>) => {
      const timer = setInterval(() => void run(), ms);
      timer.unref();
      this.#timers.push(timer);
    };
    every(checkMs, () => this.checkGeneration());
    every(FULL_RELOAD_MS, () => this.reload());
    this.#subscription = Promise.resolve(
      subscribe(this.db, CARD_RANGES_CHANNEL, {
        onNotify: () => void this.reload(),
        onFault: (err) => logger?.warn({ err }, 'card range listener lost its connection; reconnecting'),
      }),
    ).catch((err: unknown) => {
      logger?.warn({ err }, 'card range listener not started; the generation check keeps ranges current');
      return undefined;
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    const subscription = await this.#subscription;
    this.#subscription = undefined;
    await subscription?.close();
  }

  issuerFor(pan: string): string | undefined {
    return this.rangeFor(pan)?.issuerId;
  }

  rangeFor(pan: string): Range | undefined {
    const key = rangeKey(pan);
    return this.#ranges.find((r) => r.low <= key && key <= r.high);
  }
}
