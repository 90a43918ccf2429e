import type { Env, Hono } from 'hono';
import type { Metrics } from '../../infra/metrics.ts';
import { checkDatabase, type Db, withDeadline } from '../../storage/database.ts';
import { migrationsDone } from '../../storage/migrator.ts';

/** Readiness answers within this time (issue 14: 503 within 2 s of the database being unreachable or stuck). */
const READINESS_TIMEOUT_MS = 1500;
/**
 * The tables every AReq writes: if they cannot be written, this node cannot answer AReqs with an ARes. Since
 * migration 0018 an AReq writes only its transaction row (its event and messages are columns of it).
 */
const AREQ_TABLES = ['transactions'] as const;

/** Liveness, readiness (database reachable and writable, migrations done) and Prometheus metrics. */
export function mountOps<E extends Env>(app: Hono<E>, db: Db, metrics: Metrics, isShuttingDown: () => boolean): void {
  // Concurrent probes share one check, so a burst of /readyz calls opens one database connection.
  let running: Promise<string | undefined> | undefined;
  let migrated = false;
  const check = async (): Promise<string | undefined> => {
    try {
      await checkDatabase(db, READINESS_TIMEOUT_MS, AREQ_TABLES);
    } catch {
      return 'database_unavailable';
    }
    // Applied migrations stay applied: asked (on the pool, bounded) only until the answer is yes.
    migrated ||= await withDeadline(migrationsDone(db), READINESS_TIMEOUT_MS, 'migration check timed out').catch(
      () => false,
    );
    return migrated ? undefined : 'migrations_pending';
  };
  // Liveness: the process serves HTTP. A database fault is readiness's business, never a reason to restart.
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    if (isShuttingDown()) return c.json({ status: 'shutting_down' }, 503);
    running ??= check().finally(() => {
      running = undefined;
    });
    const problem = await running;
    return problem ? c.json({ status: problem }, 503) : c.json({ status: 'ready' });
  });
  app.get('/metrics', async (c) => {
    c.header('Content-Type', metrics.registry.contentType);
    return c.body(await metrics.registry.metrics());
  });
}
