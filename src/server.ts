import type { Hono } from 'hono';
import { bootstrapApiToken } from './api/auth.ts';
import { mountCavvVerify } from './api/cavv.ts';
import { mountIssuerApi } from './api/routes.ts';
import type { Config } from './config.ts';
import type { Clock } from './core/ports.ts';
import type { KeyRing } from './crypto/keyring.ts';
import { JobWorker } from './jobs/worker.ts';
import type { Logger } from './logger.ts';
import { mountAReq } from './protocol/areq.ts';
import { CardRangeCache } from './services/card-ranges.ts';
import { alwaysOpen, type ServiceStatus } from './services/service-status.ts';
import type { Db } from './storage/database.ts';
import { type AppDeps, type AppEnv, createApp, type Mount } from './web/app.ts';
import { createMetrics, type Metrics } from './web/metrics.ts';

export interface ServerParts {
  config: Config;
  db: Db;
  keys: KeyRing;
  clock: Clock;
  logger: Logger;
  serviceStatus?: ServiceStatus;
}

export interface Server {
  app: Hono<AppEnv>;
  metrics: Metrics;
  deps: AppDeps;
  /** Starts background work (job worker, caches' refresh). */
  start(): void;
  /** Readiness goes 503, background work stops; the HTTP listener is closed by the caller. */
  shutdown(): Promise<void>;
}

/** Everything that serves HTTP, built from already-opened parts. main.ts and the tests both use this. */
export async function buildServer(parts: ServerParts): Promise<Server> {
  const metrics = createMetrics();
  let shuttingDown = false;
  await bootstrapApiToken(parts.db, parts.keys, parts.config.ISSUER_API_TOKEN);
  const ranges = new CardRangeCache(parts.db);
  await ranges.load();
  const worker = new JobWorker(parts.db, parts.clock, parts.logger, {});
  const deps: AppDeps = {
    ...parts,
    metrics,
    isShuttingDown: () => shuttingDown,
    ranges,
    serviceStatus: parts.serviceStatus ?? alwaysOpen,
    rreqFallbackUrl: parts.config.DS_RREQ_URL ?? `${parts.config.PUBLIC_URL}/demo/ds/rreq`,
    worker,
  };
  const mounts: Mount[] = [mountAReq, mountCavvVerify, mountIssuerApi];
  const app = createApp(deps, mounts);
  return {
    app,
    metrics,
    deps,
    start: () => {
      ranges.startRefresh();
      worker.start();
    },
    shutdown: async () => {
      shuttingDown = true;
      ranges.stop();
      await worker.stop();
    },
  };
}
