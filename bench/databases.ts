import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { KeyRing } from '../src/infra/crypto/keyring.ts';
import { type Db, openDatabase } from '../src/storage/database.ts';
import { migrateToLatest } from '../src/storage/migrator.ts';
import { seedDataDirFromTemplate } from '../src/storage/pglite-template.ts';
import { keyStore } from '../src/storage/repositories/keys.ts';
import { type BenchCard, seedCards } from './seed.ts';

export type BenchDialect = 'postgres' | 'pglite';

export interface BenchDatabase {
  /** DATABASE_URL or NINSHO_DATA_DIR for the service. */
  env: Record<string, string>;
  /** The PostgreSQL database name (its backends' CPU is counted per phase); undefined for PGlite. */
  pgDatabase?: string;
  seedSeconds: number;
  drop(): Promise<void>;
}

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh, migrated database holding the enrolled cards; the service opens it afterwards, alone. */
export async function prepareDatabase(
  dialect: BenchDialect,
  masterKey: Buffer,
  cards: BenchCard[],
  /** Told apart from another database of the same run (the open loop's own). */
  suffix = '',
): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ninsho-bench-'));
  const started = performance.now();
  if (dialect === 'pglite') {
    await seedDataDirFromTemplate(dataDir);
    await seed(openDatabase({ kind: 'pglite', dataDir }), masterKey, cards);
    return {
      env: { NINSHO_DATA_DIR: dataDir },
      seedSeconds: (performance.now() - started) / 1000,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `ninsho_bench_${process.pid}${suffix}`;
  const admin = openDatabase({ kind: 'postgres', url: serverUrl, poolSize: 1 });
  await sql.raw(`drop database if exists ${name} with (force)`).execute(admin);
  await sql.raw(`create database ${name}`).execute(admin);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await seed(openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 }), masterKey, cards);
  return {
    env: { DATABASE_URL: url.toString(), NINSHO_DATA_DIR: dataDir },
    pgDatabase: name,
    seedSeconds: (performance.now() - started) / 1000,
    drop: async () => {
      await sql.raw(`drop database if exists ${name} with (force)`).execute(admin);
      await admin.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function seed(db: Db, masterKey: Buffer, cards: BenchCard[]): Promise<void> {
  try {
    await migrateToLatest(db);
    await seedCards(db, await KeyRing.open(masterKey, keyStore(db)), cards);
  } finally {
    await db.destroy();
  }
}
