import { createServer } from 'node:http';
import { createLogger } from '../infra/logger.ts';
import { ConfigError, loadConfig } from './config.ts';
import { boundServerTimeouts } from './http/limits.ts';
import { openConfiguredDatabase, openKeyRing, systemClock } from './runtime.ts';
import { buildServer } from './server.ts';
import { prepareStartup } from './startup.ts';

/** Composition root: read config, build every dependency once, serve, and shut down gracefully. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  // Last net, not the fix: every background task catches its own failures (docs/reliability.md). A rejection
  // that still escapes is a bug to find in the log, not a reason to drop every request in flight.
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled promise rejection'));
  const started = performance.now();
  const db = await openConfiguredDatabase(config, logger);
  const keys = await openKeyRing(config, db, logger);
  const server = await buildServer({ config, db, keys, clock: systemClock, logger });
  const banner = await prepareStartup({ config, db, keys, clock: systemClock, logger, ranges: server.deps.ranges });
  server.start();
  const http = createServer(server.listener);
  boundServerTimeouts(http, config.REQUEST_TIMEOUT_SECONDS);
  http.listen(config.PORT, config.HOST, () => {
    logger.info({ port: config.PORT, ms: Math.round(performance.now() - started) }, 'ninsho ready');
    process.stdout.write(banner);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    let step = 'draining HTTP connections';
    setTimeout(() => {
      logger.error({ step }, 'shutdown did not finish within 10 s; exiting');
      process.exit(1);
    }, 10_000).unref();
    // Stop accepting first: requests in flight finish, each connection closes after its response (idle ones now).
    // A connection still busy after 5 s (a client that never finishes sending) is cut, so the rest can stop.
    const drained = new Promise<void>((resolve) => http.close(() => resolve()));
    const cut = setTimeout(() => http.closeAllConnections(), 5_000);
    await drained;
    clearTimeout(cut);
    step = 'stopping background work';
    await server.shutdown();
    step = 'closing the database';
    await db.destroy();
    logger.info('stopped');
    process.exit(0);
  };
  // SIGHUP re-reads the ACS signing key and chain (they are also watched); a bad pair keeps the current one.
  process.on('SIGHUP', () => server.deps.signing.reload('SIGHUP'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`ninsho failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
