import type { Insertable } from 'kysely';
import type { Db } from './database.ts';
import type { MessagesTable, NewTransaction, TransactionEventsTable } from './schema.ts';

/** What one AReq writes: its transaction, the first state event, and the AReq/ARes pair. */
export interface AReqRows {
  transaction: NewTransaction;
  event: Insertable<TransactionEventsTable>;
  messages: Insertable<MessagesTable>[];
}

export interface GroupCommitOptions {
  /** AReqs per statement; ~60 bind parameters each stays far below PostgreSQL's 65,535. */
  maxBatch?: number;
  /** Batches being committed at once (each holds one pooled connection). */
  maxConcurrent?: number;
  /** Extra wait before a batch is cut when a connection is free; 0 = the next turn of the event loop. */
  lingerMs?: number;
}

interface Waiter {
  rows: AReqRows;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for the AReq path. A PostgreSQL commit costs milliseconds, so one commit per AReq caps
 * throughput; instead every AReq waiting while earlier batches commit goes into the next batch, written as
 * one statement (one implicit transaction). Each caller's promise settles only when its batch is durable,
 * so no ARes leaves before its rows are committed; a failed batch rejects all its callers and writes nothing.
 */
export class GroupCommit {
  readonly #maxBatch: number;
  readonly #maxConcurrent: number;
  readonly #lingerMs: number;
  #pending: Waiter[] = [];
  #inFlight = 0;
  #scheduled = false;
  #idle: Array<() => void> = [];
  /** Batches written and rows (AReqs) in them, for the benchmark and metrics. */
  readonly stats = { batches: 0, rows: 0, failures: 0 };

  constructor(
    private readonly db: Db,
    options: GroupCommitOptions = {},
  ) {
    this.#maxBatch = options.maxBatch ?? 200;
    this.#maxConcurrent = options.maxConcurrent ?? 4;
    this.#lingerMs = options.lingerMs ?? 0;
  }

  /** Resolves once the rows are committed; rejects if their batch failed (nothing of it was written). */
  submit(rows: AReqRows): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ rows, resolve, reject });
      if (this.#pending.length >= this.#maxBatch) this.#flush();
      else this.#schedule();
    });
  }

  /** Waits until every submitted batch has settled (shutdown). */
  drain(): Promise<void> {
    if (this.#pending.length === 0 && this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #schedule(): void {
    if (this.#scheduled || this.#pending.length === 0 || this.#inFlight >= this.#maxConcurrent) return;
    this.#scheduled = true;
    const run = () => {
      this.#scheduled = false;
      this.#flush();
    };
    if (this.#lingerMs > 0) setTimeout(run, this.#lingerMs);
    else setImmediate(run);
  }

  #flush(): void {
    if (this.#pending.length === 0 || this.#inFlight >= this.#maxConcurrent) return;
    const batch = this.#pending.splice(0, this.#maxBatch);
    this.#inFlight++;
    void this.#write(batch.map((w) => w.rows))
      .then(
        () => {
          this.stats.batches++;
          this.stats.rows += batch.length;
          for (const w of batch) w.resolve();
        },
        (err: unknown) => {
          this.stats.failures++;
          for (const w of batch) w.reject(err);
        },
      )
      .finally(() => {
        this.#inFlight--;
        if (this.#pending.length >= this.#maxBatch) this.#flush();
        else this.#schedule();
        if (this.#pending.length === 0 && this.#inFlight === 0) for (const done of this.#idle.splice(0)) done();
      });
    if (this.#pending.length > 0) this.#schedule();
  }

  // One statement: the CTE inserts and the final insert commit together (foreign keys are checked at its end).
  async #write(batch: AReqRows[]): Promise<void> {
    await this.db
      .with('t', (db) => db.insertInto('transactions').values(batch.map((r) => r.transaction)))
      .with('e', (db) => db.insertInto('transaction_events').values(batch.map((r) => r.event)))
      .insertInto('messages')
      .values(batch.flatMap((r) => r.messages))
      .execute();
  }
}
