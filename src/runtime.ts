import type { Config } from './config.ts';
import type { Clock } from './core/ports.ts';
import { KeyRing } from './crypto/keyring.ts';
import { loadMasterKey } from './crypto/master-key.ts';
import type { Logger } from './logger.ts';
import { type Db, databaseTarget, openDatabase } from './storage/database.ts';
import { migrateToLatest } from './storage/migrator.ts';
import { seedDataDirFromTemplate } from './storage/pglite-template.ts';
import { keyStore } from './storage/repositories/keys.ts';

/** Opens the database the config names (seeding an empty PGlite directory from the template) and migrates it. */
export async function openConfiguredDatabase(config: Config, logger: Logger): Promise<Db> {
  const target = databaseTarget(config.DATABASE_URL, config.NINSHO_DATA_DIR);
  if (target.kind === 'pglite' && target.dataDir) await seedDataDirFromTemplate(target.dataDir);
  const db = openDatabase(target);
  const applied = await migrateToLatest(db);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  return db;
}

export async function openKeyRing(config: Config, db: Db, logger: Logger): Promise<KeyRing> {
  const master = loadMasterKey(config.NINSHO_MASTER_KEY, config.NINSHO_DATA_DIR);
  if (master.generated) {
    logger.warn(
      { path: master.path },
      'DEVELOPMENT MASTER KEY in use: NINSHO_MASTER_KEY is not set, so a key was generated into the data directory. ' +
        'Never run like this in production.',
    );
  }
  return KeyRing.open(master.key, keyStore(db));
}

export const systemClock: Clock = { now: () => new Date() };
