/**
 * The background reread of a copy held in memory (the active policy, the shadow): `touch()` on every read starts a
 * reload once the copy is older than `maxAgeMs`, never two at once, so the AReq path itself reads no row.
 */
export class Reloading {
  #loadedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<void> | undefined;
  readonly #load: () => Promise<void>;
  readonly #now: () => number;
  readonly #maxAgeMs: number;

  constructor(load: () => Promise<void>, now: () => number, maxAgeMs: number) {
    this.#load = load;
    this.#now = now;
    this.#maxAgeMs = maxAgeMs;
  }

  touch(): void {
    if (this.#now() - this.#loadedAt > this.#maxAgeMs && !this.#loading) void this.reload();
  }

  reload(): Promise<void> {
    this.#loading ??= this.#load().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  /** The row was read: the copy is fresh from now (an invalid row keeps the previous copy but counts as read). */
  loaded(): void {
    this.#loadedAt = this.#now();
  }
}
