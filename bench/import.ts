/**
 * Bulk enrolment import benchmark (docs/performance.md "Bulk import"): `npm run bench:import`.
 * Generates an NDJSON file of N members with two cards each (half of them with a verified phone), creates a
 * fresh database with a card range covering them, and runs the import through the CLI (`dist/cli/main.mjs
 * import`, the production path) as a child process. Prints and records cards/s in bench/results/import-<date>.json.
 *   --members 500000     members on PostgreSQL (2 cards each: 1,000,000 cards)
 *   --pglite-members 25000   members on PGlite (0 skips it)
 *   --reimport           also time a second run of the same file under another import id (all unchanged)
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { ensureIssuer } from '../src/features/issuer-api/issuers.ts';
import { openDatabase } from '../src/storage/database.ts';
import { migrateToLatest } from '../src/storage/migrator.ts';
import { seedDataDirFromTemplate } from '../src/storage/pglite-template.ts';
import { type CpuSample, cpuSample } from './cpu.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '500000' },
    'pglite-members': { type: 'string', default: '25000' },
    reimport: { type: 'boolean', default: false },
  },
});
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const root = join(import.meta.dirname, '..');

const RANGE = {
  name: 'インポートベンチ',
  nameEn: 'Import bench',
  ranges: [['4242420', '4242429']] as Array<[string, string]>,
};

function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

const pan = (n: number) => {
  const body = `424242${String(n).padStart(9, '0')}`;
  return body + luhnDigit(body);
};

async function generate(file: string, members: number): Promise<void> {
  const out = createWriteStream(file);
  let chunk = '';
  for (let i = 0; i < members; i++) {
    const line = {
      enetId: `imp_${i}`,
      name: `会員 ${i}`,
      email: `member${i}@example.jp`,
      status: 'active',
      cards: [
        { cardRef: `imp_${i}_a`, pan: pan(2 * i), expiry: '3012', status: 'active' },
        { cardRef: `imp_${i}_b`, pan: pan(2 * i + 1), expiry: '2906', status: 'active' },
      ],
      ...(i % 2 === 0 && { phone: `+8190${String(10_000_000 + i).padStart(8, '0')}` }),
    };
    chunk += `${JSON.stringify(line)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((r) => out.once('finish', () => r()));
}

interface Run {
  dialect: 'postgres' | 'pglite';
  members: number;
  cards: number;
  phones: number;
  fileBytes: number;
  seconds: number;
  cardsPerSecond: number;
  linesPerSecond: number;
  created: number;
  failed: number;
  /** CPU per card of the CLI process and of its PostgreSQL backends (PGlite runs inside the CLI). */
  cpuUsPerCard: { cli: number; postgres: number };
  /** Cards/s if those CPU seconds had two idle cores to themselves (the pipeline overlaps the two). */
  cardsPerSecondIfAlone: number;
  loadAverage: { before: number[]; after: number[] };
  reimport?: { seconds: number; cardsPerSecond: number; unchanged: number };
}

function runCli(
  env: Record<string, string>,
  args: string[],
  database?: string,
): Promise<{ seconds: number; summary: Record<string, number>; cpu: CpuSample }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--enable-source-maps', join(root, 'dist/cli/main.mjs'), ...args], {
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    // Sampled while it runs: the process and its backends are gone once it exits.
    let cpu: CpuSample = { service: 0, postgres: 0 };
    const sampler = setInterval(() => {
      const now = cpuSample(child.pid ?? 0, database);
      if (now.service > 0) cpu = { service: now.service, postgres: Math.max(cpu.postgres, now.postgres) };
    }, 250);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;
      const last = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve({ seconds, summary: JSON.parse(last) as Record<string, number>, cpu });
      } catch {
        reject(new Error(`import exited ${code}: ${out.slice(0, 500)}`));
      }
    });
  });
}

async function bench(dialect: 'postgres' | 'pglite', members: number): Promise<Run> {
  const work = mkdtempSync(join(tmpdir(), 'ninsho-import-bench-'));
  const file = join(work, 'members.ndjson');
  await generate(file, members);
  const env: Record<string, string> = {
    NINSHO_MASTER_KEY: randomBytes(32).toString('base64'),
    NINSHO_DATA_DIR: join(work, 'data'),
  };
  const name = `ninsho_import_bench_${process.pid}`;
  const admin = dialect === 'postgres' ? openDatabase({ kind: 'postgres', url: serverUrl, poolSize: 1 }) : undefined;
  try {
    let db: ReturnType<typeof openDatabase>;
    if (admin) {
      await sql.raw(`drop database if exists ${name} with (force)`).execute(admin);
      await sql.raw(`create database ${name}`).execute(admin);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      env.DATABASE_URL = url.toString();
      db = openDatabase({ kind: 'postgres', url: env.DATABASE_URL, poolSize: 1 });
    } else {
      mkdirSync(env.NINSHO_DATA_DIR!, { recursive: true });
      await seedDataDirFromTemplate(env.NINSHO_DATA_DIR!);
      db = openDatabase({ kind: 'pglite', dataDir: env.NINSHO_DATA_DIR });
    }
    await migrateToLatest(db);
    await ensureIssuer(db, RANGE);
    await db.destroy();
    process.stderr.write(`# ${dialect}: importing ${members} members (${2 * members} cards)…\n`);
    const loadBefore = loadavg().map((v) => Number(v.toFixed(2)));
    const first = await runCli(env, ['import', file, '--import-id', 'bench', '--json'], admin ? name : undefined);
    const loadAfter = loadavg().map((v) => Number(v.toFixed(2)));
    const cards = 2 * members;
    const cliUs = Math.round((first.cpu.service * 1e6) / cards);
    const pgUs = Math.round((first.cpu.postgres * 1e6) / cards);
    const run: Run = {
      dialect,
      members,
      cards,
      phones: Math.ceil(members / 2),
      fileBytes: statSync(file).size,
      // Wall clock of the whole CLI process (start, key ring, import, exit), not only the import loop.
      seconds: Number(first.seconds.toFixed(1)),
      cardsPerSecond: Math.round(cards / first.seconds),
      linesPerSecond: Math.round(members / first.seconds),
      created: first.summary.created ?? 0,
      failed: first.summary.failed ?? 0,
      cpuUsPerCard: { cli: cliUs, postgres: pgUs },
      cardsPerSecondIfAlone: Math.round(1e6 / Math.max(cliUs, pgUs, 1)),
      loadAverage: { before: loadBefore, after: loadAfter },
    };
    if (values.reimport) {
      const again = await runCli(
        env,
        ['import', file, '--import-id', 'bench_again', '--json'],
        admin ? name : undefined,
      );
      run.reimport = {
        seconds: Number(again.seconds.toFixed(1)),
        cardsPerSecond: Math.round(cards / again.seconds),
        unchanged: again.summary.unchanged ?? 0,
      };
    }
    process.stderr.write(`# ${dialect}: ${JSON.stringify(run)}\n`);
    return run;
  } finally {
    if (admin) {
      await sql.raw(`drop database if exists ${name} with (force)`).execute(admin);
      await admin.destroy();
    }
    rmSync(work, { recursive: true, force: true });
  }
}

const build = spawn(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
await new Promise((r) => build.on('exit', r));
const runs: Run[] = [];
runs.push(await bench('postgres', Number(values.members)));
if (Number(values['pglite-members']) > 0) runs.push(await bench('pglite', Number(values['pglite-members'])));
const date = new Date().toISOString().slice(0, 10);
const result = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  shape: 'per member: 2 cards; every second member also a phone; batches of 2,000 lines',
  runs,
};
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, `bench/results/import-${date}.json`), `${JSON.stringify(result, null, 2)}\n`);
for (const r of runs) {
  process.stdout.write(
    `${r.dialect}: ${r.cards} cards (${r.members} members, ${r.phones} phones) in ${r.seconds} s = ${r.cardsPerSecond} cards/s` +
      ` (CPU per card ${r.cpuUsPerCard.cli} µs CLI + ${r.cpuUsPerCard.postgres} µs PostgreSQL; load ${r.loadAverage.before[0]} → ${r.loadAverage.after[0]})` +
      `${r.reimport ? `; re-import (unchanged) ${r.reimport.cardsPerSecond} cards/s` : ''}\n`,
  );
}
