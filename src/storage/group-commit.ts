import { DatabaseTimeoutError, type Db, withStatementTimeout } from './database.ts';
import { type AReqRow, insertAReqBatch } from './repositories/areq-rows.ts';

/** What one AReq writes: its transaction row, carrying the first state event and the AReq/ARes pair. */
export type { AReqRow };

export interface GroupCommitOptions {
  /** AReqs per statement (one array element per column each, so the parameter count does not grow). */
  maxBatch?: number;
  /** Batches being committed at once (each holds one pooled connection). */
  maxConcurrent?: number;
  /** Extra wait before a batch is cut when a connection is free; 0 = the next turn of the event loop. */
  lingerMs?: number;
  /**
   * How long an AReq may wait for the database: a submission whose batch has not started by then is
   * withdrawn (never written), and a batch's statement is cancelled by the server after this long, so the
   * caller can answer Erro 403 in time (docs/reliability.md "Database faults"). 0 = no limit.
   */
  timeoutMs?: number;
}

interface Waiter {
  rows: AReqRow;
  /** performance.now() after which the submission is withdrawn if it is still waiting for a batch. */
  expires: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for the AReq path. A PostgreSQL commit costs milliseconds, so one commit per AReq caps
 * throughput; instead every AReq waiting while earlier batches commit goes into the next batch, written as
 * one statement (one implicit transaction, one round trip). Each caller's promise settles only when its batch is durable,
 * so no ARes leaves before its rows are committed; a failed batch rejects all its callers and writes nothing.
 * When the database is stuck, waiting is bounded: see `timeoutMs`.
 */
export class GroupCommit {
  readonly #maxBatch: number;
  readonly #maxConcurrent: number;
  readonly #lingerMs: number;
  readonly #timeoutMs: number;
  #pending: Waiter[] = [];
  #expiry: NodeJS.Timeout | undefined;
  #inFlight = 0;
  #scheduled = false;
  #idle: Array<() => void> = [];
  /** Batches written and rows (AReqs) in them, for the benchmark and metrics. */
  readonly stats = { batches: 0, rows: 0, failures: 0, withdrawn: 0 };

  /** Where batches are written: connections whose statements the server cancels after `timeoutMs`. */
  readonly #db: Db;

  constructor(db: Db, options: GroupCommitOptions = {}) {
    this.#maxBatch = options.maxBatch ?? 200;
    this.#maxConcurrent = options.maxConcurrent ?? 4;
    this.#lingerMs = options.lingerMs ?? 0;
    this.#timeoutMs = options.timeoutMs ?? 1500;
    this.#db = this.#timeoutMs > 0 ? withStatementTimeout(db, Math.round(this.#timeoutMs), this.#maxConcurrent) : db;
  }

  /**
   * Resolves once the rows are committed; rejects if their batch failed or they were withdrawn after waiting
   * `timeoutMs` for one (in both cases nothing of them was written).
   */
  submit(rows: AReqRow): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const expires = this.#timeoutMs > 0 ? performance.now() + this.#timeoutMs : Number.POSITIVE_INFINITY;
      this.#pending.push({ rows, expires, resolve, reject });
      this.#watchExpiry();
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

  /** One timer for the oldest waiting submission (submissions wait in arrival order). */
  #watchExpiry(): void {
    const oldest = this.#pending[0];
    if (this.#expiry || !oldest || oldest.expires === Number.POSITIVE_INFINITY) return;
    this.#expiry = setTimeout(
      () => {
        this.#expiry = undefined;
        const now = performance.now();
        let n = 0;
        while (n < this.#pending.length && (this.#pending[n]?.expires ?? 0) <= now) n++;
        const withdrawn = this.#pending.splice(0, n);
        this.stats.withdrawn += withdrawn.length;
        const err = new DatabaseTimeoutError('the AReq waited too long for its commit (earlier batches still running)');
        for (const w of withdrawn) w.reject(err);
        this.#watchExpiry();
        this.#notifyIdle();
      },
      Math.max(0, oldest.expires - performance.now()),
    );
  }

  #notifyIdle(): void {
    if (this.#pending.length === 0 && this.#inFlight === 0) for (const done of this.#idle.splice(0)) done();
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
        this.#notifyIdle();
      });
    if (this.#pending.length > 0) this.#schedule();
  }

  // ONE statement and nothing around it (the transaction aggregate's `insertAReqBatch`, its own implicit
  // transaction): the rows of every AReq commit together. Its connections carry `statement_timeout` from their
  // start (`withStatementTimeout`), so a batch stuck behind a lock or a stalled server is cancelled by the
  // server, and then nothing of it is written, without a `begin; set local …; commit` round trip per batch.
  #write(batch: AReqRow[]): Promise<void> {
    return insertAReqBatch(this.#db, batch);
  }
}
