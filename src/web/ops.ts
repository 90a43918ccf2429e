import type { Env, Hono } from 'hono';
import { sql } from 'kysely';
import type { Db } from '../storage/database.ts';
import { migrationsDone } from '../storage/migrator.ts';
import type { Metrics } from './metrics.ts';

/** Liveness, readiness (database reachable, migrations done) and Prometheus metrics. */
export function mountOps<E extends Env>(app: Hono<E>, db: Db, metrics: Metrics, isShuttingDown: () => boolean): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    if (isShuttingDown()) return c.json({ status: 'shutting_down' }, 503);
    try {
      await sql`select 1`.execute(db);
      if (!(await migrationsDone(db))) return c.json({ status: 'migrations_pending' }, 503);
      return c.json({ status: 'ready' });
    } catch {
      return c.json({ status: 'database_unreachable' }, 503);
    }
  });
  app.get('/metrics', async (c) => {
    c.header('Content-Type', metrics.registry.contentType);
    return c.body(await metrics.registry.metrics());
  });
}
