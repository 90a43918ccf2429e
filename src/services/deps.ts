import type { Config } from '../config.ts';
import type { Clock } from '../core/ports.ts';
import type { KeyRing } from '../crypto/keyring.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../storage/database.ts';

/** What application services need; built once in main.ts (or a test) and passed down. */
export interface ServiceDeps {
  db: Db;
  keys: KeyRing;
  clock: Clock;
  config: Config;
  logger: Logger;
}

/** Who did something, for audit rows: `issuer-api:<tokenId>`, `member:<enetId>`, `operator:<id>`, `system`. */
export type Actor = string;
