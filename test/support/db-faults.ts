import pg from 'pg';
import type { Db } from '../../src/storage/database.ts';
import { browserAReq } from './messages.ts';

/**
 * Database faults for tests and reliability measurements, done the way an operator or a failover does them:
 * from a separate administrative connection to the real PostgreSQL (never by mocking the driver).
 */

/** Terminates every backend of `database` except our own (what a restart or failover does to a node's pool). */
export async function terminateBackends(adminUrl: string, database: string): Promise<number> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Two statements: in one, the planner may call pg_terminate_backend before the datname filter.
    const found = await admin.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [database],
    );
    const pids = found.rows.map((r) => r.pid);
    const r = await admin.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [pids]);
    return r.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

/** Holds `lock table … in access exclusive mode` on a separate connection until `release()` (a stuck migration). */
export async function lockTable(url: string, table: string): Promise<{ release(): Promise<void> }> {
  const holder = new pg.Client({ connectionString: url });
  holder.on('error', () => {});
  await holder.connect();
  await holder.query('begin');
  await holder.query(`lock table ${pg.escapeIdentifier(table)} in access exclusive mode`);
  return {
    release: async () => {
      await holder.query('rollback');
      await holder.end();
    },
  };
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** What one AReq got: the HTTP status and, for HTTP 200, the message. */
export interface AReqResult {
  threeDSServerTransID: string;
  status: number;
  kind: 'ares' | 'erro_403' | 'erro_other' | 'http_error' | 'network_error';
  acsTransID?: string;
  ms: number;
}

/** Posts one AReq (bounded by `timeoutMs`) and classifies the answer. */
export async function sendAReq(baseUrl: string, pan: string, timeoutMs = 15_000): Promise<AReqResult> {
  const areq = browserAReq(pan);
  const id = String(areq.threeDSServerTransID);
  const started = performance.now();
  try {
    const res = await fetch(`${baseUrl}/3ds/areq`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(areq),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    const ms = performance.now() - started;
    if (res.status !== 200) return { threeDSServerTransID: id, status: res.status, kind: 'http_error', ms };
    const body = JSON.parse(text) as Record<string, unknown>;
    if (body.messageType === 'ARes' && typeof body.acsTransID === 'string') {
      return { threeDSServerTransID: id, status: 200, kind: 'ares', acsTransID: body.acsTransID, ms };
    }
    return { threeDSServerTransID: id, status: 200, kind: body.errorCode === '403' ? 'erro_403' : 'erro_other', ms };
  } catch {
    return { threeDSServerTransID: id, status: 0, kind: 'network_error', ms: performance.now() - started };
  }
}

/** How each AReq ended up in the database: complete (transaction, its event and AReq/ARes), absent, or partial. */
export async function recordedShapes(
  db: Db,
  results: readonly AReqResult[],
): Promise<Map<string, 'complete' | 'absent' | 'partial'>> {
  const shapes = new Map<string, 'complete' | 'absent' | 'partial'>();
  const ids = results.map((r) => r.threeDSServerTransID);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const txns = await db
      .selectFrom('transactions')
      .select(['acs_trans_id', 'three_ds_server_trans_id'])
      .where('three_ds_server_trans_id', 'in', chunk)
      .execute();
    const acsIds = txns.map((t) => t.acs_trans_id);
    const events = acsIds.length
      ? await db
          .selectFrom('transaction_event_log')
          .select('acs_trans_id')
          .where('acs_trans_id', 'in', acsIds)
          .execute()
      : [];
    const messages = await db
      .selectFrom('message_log')
      .select(['three_ds_server_trans_id', 'message_type'])
      .where('three_ds_server_trans_id', 'in', chunk)
      .where('message_type', 'in', ['AReq', 'ARes'])
      .execute();
    for (const id of chunk) {
      const txn = txns.filter((t) => t.three_ds_server_trans_id === id);
      const msgs = messages.filter((m) => m.three_ds_server_trans_id === id);
      const evs = events.filter((e) => txn.some((t) => t.acs_trans_id === e.acs_trans_id));
      if (txn.length === 0 && msgs.length === 0) shapes.set(id, 'absent');
      else if (txn.length === 1 && evs.length === 1 && msgs.length === 2) shapes.set(id, 'complete');
      else shapes.set(id, 'partial');
    }
  }
  return shapes;
}

/** Polls `url` until it answers `status` or `timeoutMs` passes; returns the seconds it took, or undefined. */
export async function secondsUntilStatus(url: string, status: number, timeoutMs: number): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const got = await fetch(url, { signal: AbortSignal.timeout(5000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (got === status) return (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

/** One AReq of a load run, with when its answer came (performance.now()). */
export type TimedAReqResult = AReqResult & { doneAt: number };

/**
 * Closed-loop AReq load: `concurrency` senders, each posting its next AReq when the last is answered, to
 * `target` (which may change, e.g. to a restarted process). Bounded in count and time; `stop()` ends it.
 */
export class AReqLoad {
  readonly results: TimedAReqResult[] = [];
  #running = false;
  #senders: Promise<void>[] = [];

  constructor(
    public target: string,
    private readonly pans: readonly string[],
    private readonly concurrency = 12,
    private readonly maxSeconds = 120,
  ) {}

  start(): this {
    this.#running = true;
    const until = performance.now() + this.maxSeconds * 1000;
    this.#senders = Array.from({ length: this.concurrency }, async (_, s) => {
      for (let i = 0; this.#running && performance.now() < until && i < 100_000; i++) {
        const r = await sendAReq(this.target, this.pans[(s + i) % this.pans.length] ?? '', 10_000);
        this.results.push({ ...r, doneAt: performance.now() });
        if (r.kind === 'network_error') await new Promise((done) => setTimeout(done, 50)); // the node is down
      }
    });
    return this;
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#senders);
  }

  /** How many results of each kind. */
  counts(results: readonly AReqResult[] = this.results): Record<AReqResult['kind'], number> {
    const counts = { ares: 0, erro_403: 0, erro_other: 0, http_error: 0, network_error: 0 };
    for (const r of results) counts[r.kind]++;
    return counts;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
