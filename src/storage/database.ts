import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type CompiledQuery, Kysely, PGliteDialect, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import {
  pgliteSubscriber,
  postgresSubscriber,
  type Subscriber,
  type Subscription,
  type SubscriptionHandlers,
} from './notifications.ts';
import type { Database } from './schema.ts';
import { countingDialect, type StatementCount } from './statement-count.ts';

export type Db = Kysely<Database>;

/** An open database transaction (the caller of `withTransaction` owns it). */
export type Trx = Transaction<Database>;

/** What a repository function runs on: the database, or the transaction its caller opened. */
export type Executor = Db | Trx;

/** Runs `work` in one database transaction: the caller owns it and passes it to each repository call. */
export function withTransaction<T>(db: Executor, work: (trx: Trx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Trx);
  return db.transaction().execute(work);
}

/** How long PostgreSQL work may wait before it fails (0 = no limit). docs/reliability.md "Database faults". */
export interface DatabaseTimeouts {
  /** Opening a connection, and waiting for a free pooled one. */
  connectMs: number;
  /** Any one statement (server-side `statement_timeout`). */
  statementMs: number;
  /** Waiting for a lock (server-side `lock_timeout`): a locked table fails fast instead of stalling the pool. */
  lockMs: number;
  /** A transaction left open by a stalled caller is ended by the server (`idle_in_transaction_session_timeout`). */
  idleInTransactionMs: number;
}

/** The service's defaults (config.ts DATABASE_*_MS). */
export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  connectMs: 2000,
  statementMs: 5000,
  lockMs: 1000,
  idleInTransactionMs: 10_000,
};

/** No statement or lock limit: migrations may legitimately run long or wait for running work. */
export const MIGRATION_TIMEOUTS: DatabaseTimeouts = { ...DEFAULT_DATABASE_TIMEOUTS, statementMs: 0, lockMs: 0 };

const NO_TIMEOUTS: DatabaseTimeouts = { connectMs: 0, statementMs: 0, lockMs: 0, idleInTransactionMs: 0 };

export type DatabaseTarget =
  /** `timeouts` unset = no limits (tools and tests that open their own connections). */
  | { kind: 'postgres'; url: string; poolSize?: number; timeouts?: DatabaseTimeouts }
  | { kind: 'pglite'; dataDir: string | undefined /* undefined = in memory */ };

export interface DatabaseOptions {
  /** A pooled connection failed outside any query (server restart, failover, terminated backend). */
  onConnectionError?: (err: Error) => void;
}

// int8 and numeric as JS numbers/strings we control: counters fit in a double, amounts stay strings.
pg.types.setTypeParser(20, (v) => Number(v));

/** Readiness probes, one per opened database (the probe needs the connection settings the Db does not expose). */
const probes = new WeakMap<Db, (timeoutMs: number, writable: readonly string[]) => Promise<void>>();
/** Statements sent, one count per opened database (src/storage/statement-count.ts). */
const statementCounts = new WeakMap<Db, StatementCount & { dialect: DatabaseTarget['kind'] }>();

/** How many SQL statements this database handle has sent since it was opened, and on which dialect. */
export function statementsSent(db: Db): { total: number; dialect: DatabaseTarget['kind'] } {
  const count = statementCounts.get(db);
  return { total: count?.total ?? 0, dialect: count?.dialect ?? 'postgres' };
}

/** LISTEN, one per opened database (a dedicated connection on PostgreSQL, the instance itself on PGlite). */
const subscribers = new WeakMap<Db, Subscriber>();

/** Listens for a NOTIFY channel on this database (src/storage/notifications.ts); undefined for a foreign Db. */
export function subscribe(db: Db, channel: string, handlers: SubscriptionHandlers): Promise<Subscription> | undefined {
  return subscribers.get(db)?.(channel, handlers);
}

export function openDatabase(target: DatabaseTarget, options: DatabaseOptions = {}): Db {
  if (target.kind === 'postgres') return openPostgres(target, options, { total: 0, dialect: 'postgres' });
  let dataDir: string | undefined;
  if (target.dataDir) {
    mkdirSync(target.dataDir, { recursive: true });
    dataDir = join(target.dataDir, 'pglite');
  }
  // One instance, created when Kysely first asks for it (or a subscriber does).
  let instance: Promise<PGlite> | undefined;
  const pglite = () => {
    instance ??= PGlite.create({ ...(dataDir && { dataDir }), startParams: PGLITE_START_PARAMS });
    return instance;
  };
  const count = { total: 0, dialect: 'pglite' as const };
  const db = new Kysely<Database>({ dialect: countingDialect(new PGliteDialect({ pglite }), count, true) });
  statementCounts.set(db, count);
  subscribers.set(db, pgliteSubscriber(pglite));
  return db;
}

/**
 * PGlite's own start parameters, plus a smaller buffer pool (issue 19, memory): PostgreSQL's default 128 MB of
 * shared buffers live in this process's WebAssembly memory and fill up under load (measured with a data directory:
 * WebAssembly/external memory 215 MB → 138 MB at 32 MB); the pages not kept there are read through the file system
 * cache. docs/performance.md, "Memory".
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

type PostgresTarget = Extract<DatabaseTarget, { kind: 'postgres' }>;

/** How a PostgreSQL handle was opened (a companion is opened like it) and its pool (`executePrepared`). */
const postgresOpenings = new WeakMap<
  Db,
  { target: PostgresTarget; options: DatabaseOptions; companions: Db[]; pool: pg.Pool }
>();

function openPostgres(
  target: PostgresTarget,
  options: DatabaseOptions,
  count: StatementCount & { dialect: 'postgres' },
  /** `plan_cache_mode=force_generic_plan` on every connection (`withStatementTimeout`'s companions). */
  genericPlans = false,
): Db {
  const timeouts = target.timeouts ?? NO_TIMEOUTS;
  const settings = connectionSettings(target.url, timeouts, genericPlans);
  const pool = new pg.Pool({ ...settings, max: target.poolSize ?? 10 });
  const report = options.onConnectionError ?? (() => {});
  // A connection that dies emits 'error' on its client, idle or checked out (between the statements of a
  // transaction, or after its query already failed). Unheard, that event ends the process; heard, the
  // client is marked unusable, the pool drops it on release and opens a new one for the next caller.
  pool.on('connect', (client) => client.on('error', report));
  // The pool re-emits idle clients' errors; the client listener above has already reported them.
  pool.on('error', () => {});
  const companions: Db[] = [];
  const closeCompanions = async () => {
    await Promise.all(companions.splice(0).map((c) => c.destroy()));
  };
  const dialect = countingDialect(new PostgresDialect({ pool }), count, false, closeCompanions);
  const db = new Kysely<Database>({ dialect });
  statementCounts.set(db, count);
  postgresOpenings.set(db, { target, options, companions, pool });
  probes.set(db, (timeoutMs, writable) => probePostgres(target.url, timeoutMs, writable));
  subscribers.set(db, postgresSubscriber({ ...settings, query_timeout: undefined, statement_timeout: undefined }));
  return db;
}

/**
 * A companion of `db` whose every statement the server bounds at `statementMs`: on PostgreSQL its own pool of
 * `poolSize` connections with that `statement_timeout` in their startup packet, counted with `db`'s statements
 * and closed with `db`. A statement on it needs no `begin; set local statement_timeout …; commit` around it: the
 * AReq's group commit (src/storage/group-commit.ts) sends one statement per batch. The AReq path's companions
 * (the group commit, the card lookups) run only prepared statements (`executePrepared`), so their connections
 * plan generically from the first run. PGlite (one connection in this process, no other session to wait for):
 * `db` itself.
 */
export function withStatementTimeout(db: Db, statementMs: number, poolSize: number): Db {
  const opening = postgresOpenings.get(db);
  const count = statementCounts.get(db);
  if (!opening || !count || count.dialect !== 'postgres') return db;
  const timeouts = { ...(opening.target.timeouts ?? NO_TIMEOUTS), statementMs };
  // The same count object: the companion's statements are the service's statements.
  const companion = openPostgres(
    { ...opening.target, poolSize, timeouts },
    opening.options,
    count as StatementCount & { dialect: 'postgres' },
    true,
  );
  opening.companions.push(companion);
  return companion;
}

/**
 * Runs `query` on PostgreSQL as the named prepared statement `name`: each connection parses and plans it once,
 * then reuses the plan (generic from the first run on `withStatementTimeout`'s companions, after five runs
 * elsewhere when it costs no more), instead of planning it on every call. For the AReq path's statements, whose
 * text never changes, only their array parameters: the card lookup (with risk history, it took longer to plan
 * than to run) and the group commit's insert (docs/performance.md). One name, one text. PGlite: an ordinary
 * statement. Counted like every other one.
 */
export async function executePrepared<R>(db: Db, name: string, query: CompiledQuery<R>): Promise<R[]> {
  const pool = postgresOpenings.get(db)?.pool;
  const count = statementCounts.get(db);
  if (!pool || !count) return (await db.executeQuery(query)).rows;
  count.total++;
  const result = await pool.query({ name, text: query.sql, values: [...query.parameters] });
  return result.rows;
}

function connectionSettings(url: string, t: DatabaseTimeouts, genericPlans: boolean): pg.ClientConfig {
  return {
    connectionString: url,
    // A prepared statement is planned once, with generic plans from its first run: PostgreSQL's own choice kept
    // replanning the card lookup for small batches (0.5 ms of planning for 0.2 ms of work with 3 keys).
    ...(genericPlans && { options: '-c plan_cache_mode=force_generic_plan' }),
    connectionTimeoutMillis: t.connectMs || undefined,
    // Sent in the startup packet, so they hold for every statement on the connection; 0 = server default.
    ...(t.statementMs > 0 && { statement_timeout: t.statementMs }),
    ...(t.lockMs > 0 && { lock_timeout: t.lockMs }),
    ...(t.idleInTransactionMs > 0 && { idle_in_transaction_session_timeout: t.idleInTransactionMs }),
    // The server enforces statement_timeout; this client-side limit covers a server that stops answering.
    ...(t.statementMs > 0 && { query_timeout: t.statementMs + 2000 }),
    // A peer that vanished without closing the socket (host down, network partition) is noticed.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

/**
 * Readiness: can the database take the writes the AReq path makes, within `timeoutMs`? On PostgreSQL the
 * check opens its own connection (so it never queues behind a saturated or stalled pool) and takes the lock
 * an insert takes on each `writable` table, which a stuck migration or an explicit table lock refuses.
 * Resolves when ready, rejects with the reason otherwise; never waits longer than `timeoutMs`.
 */
export function checkDatabase(db: Db, timeoutMs: number, writable: readonly string[]): Promise<void> {
  const probe = probes.get(db);
  const check = probe ? probe(timeoutMs, writable) : sql`select 1`.execute(db).then(() => undefined);
  return withDeadline(check, timeoutMs, 'database check timed out');
}

async function probePostgres(url: string, timeoutMs: number, writable: readonly string[]): Promise<void> {
  const half = Math.max(100, Math.floor(timeoutMs / 2));
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: half,
    statement_timeout: half,
    lock_timeout: half,
    query_timeout: timeoutMs,
  });
  client.on('error', () => {}); // the probe's own failure is its answer
  try {
    await client.connect();
    const tables = writable.map((t) => pg.escapeIdentifier(t)).join(', ');
    // One round trip (simple protocol); the lock is released by the rollback or by closing the connection.
    await client.query(tables ? `begin; lock table ${tables} in row exclusive mode; rollback` : 'select 1');
  } finally {
    void client.end().catch(() => {});
  }
}

/** Rejects with `message` if `work` has not settled after `ms`; `work` itself is left to finish or fail. */
export function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseTimeoutError(message)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** The database did not answer within the time the caller can wait (the work may still finish or fail). */
export class DatabaseTimeoutError extends Error {
  override readonly name = 'DatabaseTimeoutError';
}

export function databaseTarget(
  databaseUrl: string | undefined,
  dataDir: string,
  timeouts: DatabaseTimeouts = DEFAULT_DATABASE_TIMEOUTS,
): DatabaseTarget {
  return databaseUrl ? { kind: 'postgres', url: databaseUrl, timeouts } : { kind: 'pglite', dataDir };
}
