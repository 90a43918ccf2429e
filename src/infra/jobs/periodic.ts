import type { Logger } from '../logger.ts';

/**
 * Runs `task` every `intervalMs` on this node, never two runs at once, and lets `stop()` wait for the run in
 * progress. Schedulers that run on every node rely on conditional updates inside `task` for exactly-once effects.
 */
export class PeriodicTask {
  #timer: NodeJS.Timeout | undefined;
  #busy: Promise<void> = Promise.resolve();
  #running = false;

  constructor(
    private readonly name: string,
    private readonly task: () => Promise<unknown>,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.#timer = setInterval(() => {
      if (this.#running) return;
      this.#running = true;
      this.#busy = this.task()
        .then(
          () => {},
          (err) => this.logger.error({ err }, `${this.name} failed`),
        )
        .finally(() => {
          this.#running = false;
        });
    }, this.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#busy;
  }
}
