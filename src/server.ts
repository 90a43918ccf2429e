import type { Hono } from 'hono';
import { bootstrapApiToken } from './api/auth.ts';
import { mountIssuerApi } from './api/routes.ts';
import type { Config } from './config.ts';
import type { Clock } from './core/ports.ts';
import type { KeyRing } from './crypto/keyring.ts';
import type { Logger } from './logger.ts';
import type { Db } from './storage/database.ts';
import { type AppEnv, createApp, type Mount } from './web/app.ts';
import { createMetrics, type Metrics } from './web/metrics.ts';

export interface ServerParts {
  config: Config;
  db: Db;
  keys: KeyRing;
  clock: Clock;
  logger: Logger;
}

export interface Server {
  app: Hono<AppEnv>;
  metrics: Metrics;
  /** Stop accepting new work in readiness; the HTTP listener is closed by the caller. */
  beginShutdown(): void;
}

/** Everything that serves HTTP, built from already-opened parts. main.ts and the tests both use this. */
export async function buildServer(parts: ServerParts): Promise<Server> {
  const metrics = createMetrics();
  let shuttingDown = false;
  await bootstrapApiToken(parts.db, parts.keys, parts.config.ISSUER_API_TOKEN);
  const mounts: Mount[] = [mountIssuerApi];
  const app = createApp({ ...parts, metrics, isShuttingDown: () => shuttingDown }, mounts);
  return {
    app,
    metrics,
    beginShutdown: () => {
      shuttingDown = true;
    },
  };
}
