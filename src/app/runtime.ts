import type { Clock } from '../core/ports.ts';
import { KeyRing } from '../infra/crypto/keyring.ts';
import { loadMasterKey } from '../infra/crypto/master-key.ts';
import { MasterKeys } from '../infra/crypto/master-keys.ts';
import {
  type AcsSigningIdentity,
  developmentSigningIdentity,
  readSigningIdentityFiles,
  SigningIdentityError,
  serialForLog,
} from '../infra/crypto/signing-identity.ts';
import { certificateStatus } from '../infra/crypto/signing-rotation.ts';
import type { Logger } from '../infra/logger.ts';
import {
  type DatabaseTimeouts,
  type Db,
  databaseTarget,
  MIGRATION_TIMEOUTS,
  openDatabase,
} from '../storage/database.ts';
import { migrateToLatest } from '../storage/migrator.ts';
import { seedDataDirFromTemplate } from '../storage/pglite-template.ts';
import { keyStore } from '../storage/repositories/keys.ts';
import type { Config } from './config.ts';

/** Opens the database the config names (seeding an empty PGlite directory from the template) and migrates it. */
export async function openConfiguredDatabase(config: Config, logger: Logger): Promise<Db> {
  const target = databaseTarget(config.DATABASE_URL, config.NINSHO_DATA_DIR, databaseTimeouts(config));
  if (target.kind === 'pglite' && target.dataDir) await seedDataDirFromTemplate(target.dataDir);
  const onConnectionError = (err: Error) => logger.warn({ err }, 'database connection lost; the pool reconnects');
  const db = openDatabase(target, { onConnectionError });
  // Migrations may run long or wait for locks: on PostgreSQL they get a pool without those limits.
  const migrating =
    target.kind === 'postgres' ? openDatabase({ ...target, timeouts: MIGRATION_TIMEOUTS }, { onConnectionError }) : db;
  try {
    const applied = await migrateToLatest(migrating);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  } finally {
    if (migrating !== db) await migrating.destroy();
  }
  return db;
}

function databaseTimeouts(config: Config): DatabaseTimeouts {
  return {
    connectMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    statementMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    lockMs: config.DATABASE_LOCK_TIMEOUT_MS,
    idleInTransactionMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}

/** NINSHO_MASTER_KEY (or the development key file) and NINSHO_MASTER_KEY_PREVIOUS. */
export function loadMasterKeys(config: Config, logger: Logger): MasterKeys {
  const master = loadMasterKey(config.NINSHO_MASTER_KEY, config.NINSHO_DATA_DIR);
  if (master.generated) {
    logger.warn(
      { path: master.path },
      'DEVELOPMENT MASTER KEY in use: NINSHO_MASTER_KEY is not set, so a key was generated into the data directory. ' +
        'Never run like this in production.',
    );
  }
  const previous = config.NINSHO_MASTER_KEY_PREVIOUS.map((k) => Buffer.from(k, 'base64'));
  return new MasterKeys(master.key, previous);
}

/**
 * Opens the key ring; refuses (MasterKeyMismatchError, one line naming master key ids) when a stored key opens
 * with neither NINSHO_MASTER_KEY nor NINSHO_MASTER_KEY_PREVIOUS.
 */
export async function openKeyRing(config: Config, db: Db, logger: Logger): Promise<KeyRing> {
  const masters = loadMasterKeys(config, logger);
  // Non-secret fingerprints: during a master key replacement they show which nodes hold which keys.
  logger.info({ masterKeyId: masters.currentId, previousMasterKeyIds: masters.previousIds }, 'master keys loaded');
  return KeyRing.open(masters, keyStore(db));
}

/**
 * The ACS signing identity for the app channel at start: ACS_SIGNING_KEY_FILE and ACS_SIGNING_CERT_FILE when set
 * (required in production), else a self-signed development certificate kept in the data directory. A file that
 * cannot be used, a key the leaf is not for or a chain out of order stops the start with a message naming it;
 * so does a certificate outside its dates in production (elsewhere: a warning). Within EXPIRY_WARNING_DAYS of
 * notAfter it logs a warning. While running, src/infra/crypto/signing-rotation.ts reloads changed files.
 */
export function loadAcsSigningIdentity(config: Config, now: Date, logger: Logger): AcsSigningIdentity {
  if (config.ACS_SIGNING_KEY_FILE && config.ACS_SIGNING_CERT_FILE) {
    const identity = readSigningIdentityFiles(config.ACS_SIGNING_KEY_FILE, config.ACS_SIGNING_CERT_FILE);
    try {
      identity.checkValidity(now);
    } catch (err) {
      if (config.NODE_ENV === 'production' && err instanceof SigningIdentityError) {
        throw new SigningIdentityError(`${err.message}: install a valid one (docs/operations.md) before starting`);
      }
      logger.warn(
        { problem: err instanceof Error ? err.message : String(err) },
        'the ACS signing certificate is not valid now',
      );
    }
    const status = certificateStatus(identity, now);
    const fields = {
      subject: status.subject,
      serial: serialForLog(status.serialNumber),
      notAfter: status.notAfter.toISOString(),
    };
    if (status.state === 'expiring') {
      logger.warn(
        { ...fields, daysLeft: status.daysLeft },
        'the ACS signing certificate expires soon: request a new one',
      );
    } else {
      logger.info({ ...fields, daysLeft: status.daysLeft }, 'ACS signing certificate loaded');
    }
    return identity;
  }
  const dev = developmentSigningIdentity(config.NINSHO_DATA_DIR, now);
  logger.warn(
    { path: dev.certPath, generated: dev.generated },
    'DEVELOPMENT ACS SIGNING CERTIFICATE in use: ACS_SIGNING_KEY_FILE/ACS_SIGNING_CERT_FILE are not set, so app-channel ' +
      'ARes are signed with a self-signed certificate that no DS root trusts. Never run like this in production.',
  );
  return dev.identity;
}

export const systemClock: Clock = { now: () => new Date() };
