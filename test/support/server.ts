import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig } from '../../src/app/config.ts';
import { boundServerTimeouts } from '../../src/app/http/limits.ts';
import { systemClock } from '../../src/app/runtime.ts';
import { buildServer, type Server } from '../../src/app/server.ts';
import type { Clock } from '../../src/core/ports.ts';
import { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { createLogger, type Logger } from '../../src/infra/logger.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import type { TestDatabase } from './databases.ts';

export const TEST_API_TOKEN = 'test-issuer-token-0123456789';

export interface TestServer {
  url: string;
  config: Config;
  keys: KeyRing;
  logger: Logger;
  server: Server;
  /** fetch against the server with the issuer API token. */
  api(path: string, init?: { method?: string; body?: unknown; token?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Boots the real HTTP stack on 127.0.0.1 (random port) over a test database. `env` overrides the environment
 * as docs/interfaces.md names it; PUBLIC_URL defaults to the bound address.
 */
export async function startTestServer(
  database: TestDatabase,
  options: {
    env?: Record<string, string>;
    clock?: Clock;
    logger?: Logger;
    masterKey?: Buffer;
    /** Host name in PUBLIC_URL (browser tests use `localhost` so a 127.0.0.1 merchant is another site). */
    publicHost?: string;
    /**
     * false: no background work (job polling, sweeper, refreshes), so every statement the database sees comes
     * from a request (test/challenge/statement-budget.test.ts). The challenge still dispatches its jobs itself.
     */
    background?: boolean;
  } = {},
): Promise<TestServer> {
  const logger = options.logger ?? createLogger('silent');
  const keys = await KeyRing.open(options.masterKey ?? database.masterKey, keyStore(database.db));
  let server: Server | undefined;
  // Bind first so PUBLIC_URL can name the real port; requests go to the same listener production uses.
  const bound = createServer((req, res) => {
    if (server) server.listener(req, res);
    else res.writeHead(503).end();
  });
  const port = await new Promise<number>((resolve) => {
    bound.listen(0, '127.0.0.1', () => resolve((bound.address() as AddressInfo).port));
  });
  const url = `http://${options.publicHost ?? '127.0.0.1'}:${port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    NINSHO_DATA_DIR: mkdtempSync(join(tmpdir(), 'ninsho-data-')),
    PUBLIC_URL: url,
    ISSUER_API_TOKEN: TEST_API_TOKEN,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  boundServerTimeouts(bound, config.REQUEST_TIMEOUT_SECONDS);
  server = await buildServer({ config, db: database.db, keys, clock: options.clock ?? systemClock, logger });
  if (options.background !== false) server.start();
  else server.deps.riskPolicy.stopAutoRefresh();
  return {
    url,
    config,
    keys,
    logger,
    server,
    api: (path, init = {}) => {
      const headers: Record<string, string> = {};
      if (init.token !== null) headers.authorization = `Bearer ${init.token ?? TEST_API_TOKEN}`;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      return fetch(`${url}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers,
        body:
          init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        void server?.shutdown().then(() => bound?.close(() => resolve()));
      }),
  };
}
