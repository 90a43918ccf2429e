import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { sql } from 'kysely';
import { type DatabaseTimeouts, type Db, openDatabase } from '../../src/storage/database.ts';
import { migrateToLatest } from '../../src/storage/migrator.ts';
import { seedDataDirFromTemplate } from '../../src/storage/pglite-template.ts';

export type Dialect = 'pglite' | 'postgres';

export interface TestDatabase {
  dialect: Dialect;
  db: Db;
  /** A connection string for a second process/node on the same database (PostgreSQL only). */
  url: string | undefined;
  /** The master key every server over this database uses (a restarted "process" must use the same). */
  masterKey: Buffer;
  close(): Promise<void>;
}

const pgUrl = process.env.TEST_DATABASE_URL;
let warned = false;

/** A fresh, migrated database of the given dialect: a private PGlite directory, or a new PostgreSQL database. */
export async function createTestDatabase(
  dialect: Dialect,
  options: { timeouts?: DatabaseTimeouts } = {},
): Promise<TestDatabase> {
  if (dialect === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'ninsho-test-'));
    await seedDataDirFromTemplate(dir);
    const db = openDatabase({ kind: 'pglite', dataDir: dir });
    await migrateToLatest(db);
    return {
      dialect,
      db,
      url: undefined,
      masterKey: randomBytes(32),
      close: async () => {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!pgUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `ninsho_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = openDatabase({ kind: 'postgres', url: pgUrl, poolSize: 1 });
  await sql.raw(`create database ${name}`).execute(admin);
  const url = withDatabase(pgUrl, name);
  const db = openDatabase({
    kind: 'postgres',
    url,
    poolSize: 10,
    ...(options.timeouts && { timeouts: options.timeouts }),
  });
  await migrateToLatest(db);
  return {
    dialect,
    db,
    url,
    masterKey: randomBytes(32),
    close: async () => {
      await db.destroy();
      await sql.raw(`drop database if exists ${name} with (force)`).execute(admin);
      await admin.destroy();
    },
  };
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Runs a suite once per dialect: PGlite always, PostgreSQL when TEST_DATABASE_URL is set
 * (otherwise the PostgreSQL suite is reported as skipped, with the reason).
 */
export function forEachDialect(name: string, suite: (getDb: () => TestDatabase, dialect: Dialect) => void): void {
  for (const dialect of ['pglite', 'postgres'] as const) {
    const skip = dialect === 'postgres' && !pgUrl ? 'TEST_DATABASE_URL not set: PostgreSQL run skipped' : false;
    if (skip && !warned) {
      warned = true;
      process.stderr.write(`# ${skip}\n`);
    }
    describe(`${name} [${dialect}]`, { skip }, () => {
      let current: TestDatabase | undefined;
      before(async () => {
        current = await createTestDatabase(dialect);
      });
      after(async () => {
        await current?.close();
      });
      suite(() => {
        if (!current) throw new Error('database not ready');
        return current;
      }, dialect);
    });
  }
}

/** For suites that exercise more than storage (browser tests): PostgreSQL when available, else PGlite. */
export function primaryDialect(): Dialect {
  return pgUrl ? 'postgres' : 'pglite';
}
