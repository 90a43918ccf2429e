import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from './database.ts';
import { migrateToLatest } from './migrator.ts';

/**
 * PGlite's initdb takes seconds (WebAssembly); copying an initialised, migrated data directory takes
 * well under one. The template lives in node_modules/.cache keyed by the migrations' content, so a new
 * migration makes a new template and a stale one is never used.
 */
const root = projectRoot(dirname(fileURLToPath(import.meta.url)));

/** The folder holding our package.json, found upward (this module may run from src/ or from a dist/ bundle). */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'storage', 'migrations'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}
const migrationsDir = join(root, 'src', 'storage', 'migrations');

function schemaFingerprint(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(migrationsDir).sort())
    hash.update(name).update(readFileSync(join(migrationsDir, name)));
  return hash.digest('hex').slice(0, 16);
}

function templateDir(): string {
  return join(root, 'node_modules', '.cache', 'ninsho', `pglite-${schemaFingerprint()}`);
}

/** Builds the template once (safe when several processes race: build aside, then rename). */
export async function ensurePgliteTemplate(): Promise<string> {
  const dir = templateDir();
  if (existsSync(join(dir, 'pglite', 'PG_VERSION'))) return dir;
  const building = `${dir}.build-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const db = openDatabase({ kind: 'pglite', dataDir: building });
  await migrateToLatest(db);
  await db.destroy();
  try {
    renameSync(building, dir);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another process won the race
  }
  return dir;
}

/** Seeds an empty data directory from the template; returns false when the directory was already in use. */
export async function seedDataDirFromTemplate(dataDir: string): Promise<boolean> {
  if (existsSync(join(dataDir, 'pglite', 'PG_VERSION'))) return false;
  const template = await ensurePgliteTemplate();
  mkdirSync(dataDir, { recursive: true });
  cpSync(join(template, 'pglite'), join(dataDir, 'pglite'), { recursive: true });
  return true;
}
