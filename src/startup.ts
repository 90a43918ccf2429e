import type { Config } from './config.ts';
import type { Clock } from './core/ports.ts';
import type { KeyRing } from './crypto/keyring.ts';
import type { Logger } from './logger.ts';
import type { Db } from './storage/database.ts';

export interface StartupParts {
  config: Config;
  db: Db;
  keys: KeyRing;
  clock: Clock;
  logger: Logger;
}

/**
 * First-start chores that depend on the environment: the demo seed (SEED_DEMO) and the text printed once
 * the server is ready (URLs and demo credentials for a newcomer). Returns the banner, if any.
 */
export async function startupBanner(parts: StartupParts): Promise<string | undefined> {
  const { config } = parts;
  const lines = [
    '',
    `  ninsho ACS is running at ${config.PUBLIC_URL}`,
    `  AReq endpoint: ${config.PUBLIC_URL}/3ds/areq   health: ${config.PUBLIC_URL}/readyz`,
  ];
  return `${lines.join('\n')}\n\n`;
}
