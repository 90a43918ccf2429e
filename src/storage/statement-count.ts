import type {
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  TransactionSettings,
} from 'kysely';

/**
 * How many SQL statements a database handle has sent (issue 19: the statements per AReq and per challenge are a
 * budget, `ninsho_db_statements_total` in /metrics and test/challenge/statement-budget.test.ts read it). A plain
 * number bumped once per statement: the AReq path pays one increment, not a metric update.
 */
export interface StatementCount {
  total: number;
}

/**
 * Wraps a dialect so that every statement its connections run is counted: each `executeQuery`, and on PGlite
 * also `begin`/`commit`/`rollback`, which its driver sends past the connection (PostgreSQL's driver sends them
 * through `executeQuery`, so they are counted there already).
 */
export function countingDialect(
  inner: Dialect,
  count: StatementCount,
  controlPastConnection: boolean,
  /** Also run when the handle is destroyed (companion handles that close with it). */
  onDestroy: () => Promise<void> = async () => {},
): Dialect {
  return {
    createDriver: () => new CountingDriver(inner.createDriver(), count, controlPastConnection, onDestroy),
    createQueryCompiler: (): QueryCompiler => inner.createQueryCompiler(),
    createAdapter: (): DialectAdapter => inner.createAdapter(),
    // biome-ignore lint/suspicious/noExplicitAny: Kysely's own signature takes Kysely<any>
    createIntrospector: (db: Kysely<any>): DatabaseIntrospector => inner.createIntrospector(db),
  };
}

type AbortOptions = Parameters<Driver['init']>[0];

class CountingDriver implements Driver {
  /** Connections whose executeQuery already counts (pooled connections come back). */
  readonly #counting = new WeakSet<DatabaseConnection>();

  constructor(
    private readonly inner: Driver,
    private readonly count: StatementCount,
    private readonly controlPastConnection: boolean,
    private readonly onDestroy: () => Promise<void>,
  ) {}

  init(options?: AbortOptions): Promise<void> {
    return this.inner.init(options);
  }

  async acquireConnection(options?: AbortOptions): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection(options);
    if (!this.#counting.has(connection)) {
      // Patched in place, not wrapped: the driver finds its own connection object again on release.
      const execute = connection.executeQuery.bind(connection);
      const count = this.count;
      connection.executeQuery = (query) => {
        count.total++;
        return execute(query);
      };
      this.#counting.add(connection);
    }
    return connection;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (this.controlPastConnection) this.count.total++;
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.controlPastConnection) this.count.total++;
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.controlPastConnection) this.count.total++;
    return this.inner.rollbackTransaction(connection);
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return required(this.inner.savepoint).call(this.inner, connection, name, compile);
  }

  rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    return required(this.inner.rollbackToSavepoint).call(this.inner, connection, name, compile);
  }

  releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    return required(this.inner.releaseSavepoint).call(this.inner, connection, name, compile);
  }

  releaseConnection(connection: DatabaseConnection, options?: AbortOptions): Promise<void> {
    return this.inner.releaseConnection(connection, options);
  }

  async destroy(options?: AbortOptions): Promise<void> {
    await this.onDestroy();
    await this.inner.destroy(options);
  }
}

function required<T>(method: T | undefined): T {
  if (!method) throw new Error('this database driver has no savepoints');
  return method;
}
