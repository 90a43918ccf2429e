import type { BenchCard } from '../../bench/seed.ts';
import type { KeyRing } from '../../src/infra/crypto/keyring.ts';
import type { Db } from '../../src/storage/database.ts';
import { ChallengeClient, latestCode } from '../support/challenge-client.ts';

/** Browser challenges one after another (AReq, CReq, the code from the SMS outbox, submit), on alternate nodes. */
export class ChallengeLoop {
  readonly completed: string[] = [];
  failed = 0;
  #stopped = false;
  #n = 0;

  constructor(
    private readonly targets: readonly string[],
    private readonly cards: readonly BenchCard[],
    private readonly db: Db,
    private readonly keys: KeyRing,
    /** Pause between two challenges of this loop. */
    private readonly pauseMs = 0,
  ) {}

  stop(): void {
    this.#stopped = true;
  }

  async run(): Promise<void> {
    while (!this.#stopped) {
      const n = this.#n++;
      const card = this.cards[n % this.cards.length];
      const client = new ChallengeClient(this.targets[n % this.targets.length] ?? '');
      try {
        if (!card || (await client.areq(card.pan)).transStatus !== 'C') throw new Error('no challenge');
        if ((await client.creq()).status !== 200) throw new Error('CReq refused');
        await client.submit(card.enetId, await latestCode(this.db, this.keys, client.acsTransID));
        if (client.finalCRes()?.transStatus !== 'Y') throw new Error('no final CRes');
        this.completed.push(client.acsTransID);
        if (this.pauseMs > 0) await sleep(this.pauseMs);
      } catch {
        this.failed++;
        await sleep(250);
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
