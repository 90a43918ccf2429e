// `npm run bench`: the service as production runs it (a child process pinned to core 0), load from this
// process (pinned to core 1), on PostgreSQL and on PGlite, against a raw node:http echo of the same AReq and
// against the durable floor (the echo plus one committed row per AReq, bench/durable-floor.ts) on each dialect.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DsPeer } from '../test/support/peers/ds-peer.ts';
import { runChallenges, SmsPeer } from './challenge.ts';
import { cpuPerRequest, cpuSample } from './cpu.ts';
import { type BenchDatabase, type BenchDialect, prepareDatabase } from './databases.ts';
import { durableAnswers, type Kill9Figures } from './kill9.ts';
import { loadAReq } from './load.ts';
import { type Answered, openLoopAReq } from './open-loop.ts';
import { topFrames } from './profile.ts';
import { type BenchReport, type DialectFigures, type FloorFigures, kill9Line, renderTable } from './report.ts';
import { riskLines, riskPhase } from './risk-phase.ts';
import { type BenchCard, benchCards } from './seed.ts';
import { freePort, pinSelf, type Service, serviceEnv, startProcess } from './service.ts';
import { statementsPer, statementsSoFar } from './statements.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
// Open loop: BENCH_RATE AReqs per second for 20 s (BENCH_SECONDS, when given, shortens it too).
const OPEN_LOOP_RATE = Number(process.env.BENCH_RATE ?? 1000);
const OPEN_LOOP_SECONDS = process.env.BENCH_SECONDS ? SECONDS : 20;
const P99_TARGET_MS = 10;
const KILL_SECONDS = Math.min(4, Math.max(2, SECONDS));
const RSS_TARGET_MB: Record<BenchDialect, number> = { postgres: 250, pglite: 400 };
const CARDS = 10_000;
const CHALLENGE_BROWSERS = 16;
const dialects = (process.env.BENCH_DIALECTS ?? 'postgres,pglite').split(',') as BenchDialect[];
const root = join(import.meta.dirname, '..');
// The service is handed the same master key the seeding used (NINSHO_MASTER_KEY), as in production.
const masterKey = randomBytes(32);
const masterKeyB64 = masterKey.toString('base64');

/**
 * Runs one phase against `target`, adding the CPU per request of the process and of its PostgreSQL backends (where
 * a ceiling comes from) and the SQL statements per request the service counted (null where it counts none).
 */
async function measured<T extends { requests: number }>(
  target: Service,
  pgDatabase: string | undefined,
  run: () => Promise<T>,
) {
  const cpuBefore = cpuSample(target.pid, pgDatabase);
  const statementsBefore = await statementsSoFar(target.url);
  const result = await run();
  const cpu = cpuPerRequest(cpuBefore, cpuSample(target.pid, pgDatabase), result.requests);
  const statementsPerRequest = statementsPer(statementsBefore, await statementsSoFar(target.url), result.requests);
  return { ...result, cpu, statementsPerRequest };
}

async function main(): Promise<void> {
  const pinnedLoad = pinSelf(1);
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const load0 = loadavg();
  const cards = benchCards(CARDS);
  // issue #20's risk phase sends from cards of its own, which no earlier phase has sent for (bench/risk-phase.ts)
  const riskCards = benchCards(4 * CARDS).slice(CARDS);
  const ds = await new DsPeer().start();
  const sms = await new SmsPeer().start();

  const echo = await startProcess([join(root, 'bench/echo-server.ts')], {}, '/', await freePort());
  const baseline = [
    await measured(echo, undefined, () => loadAReq(echo.url, cards, 10, SECONDS, '/echo')),
    await measured(echo, undefined, () => loadAReq(echo.url, cards, 50, SECONDS, '/echo')),
  ];
  await echo.stop();
  log(`baseline: ${baseline.map((b) => `${b.rps} req/s @${b.connections}`).join(', ')}`);

  const figures: DialectFigures[] = [];
  for (const dialect of dialects) {
    const db = await prepareDatabase(dialect, masterKey, dialect === 'postgres' ? [...cards, ...riskCards] : cards);
    const seeded = dialect === 'postgres' ? cards.length + riskCards.length : cards.length;
    log(`${dialect}: ${seeded} cards seeded in ${db.seedSeconds.toFixed(1)} s`);
    const floor = await durableFloor(dialect, db, cards);
    log(
      `${dialect} durable floor: ${floor.closed.map((f) => `${f.rps} req/s @${f.connections}`).join(', ')}; open loop p99 ${floor.open.p99Ms} ms`,
    );
    const svc = await startService(db.env, ds, sms);
    try {
      await loadAReq(svc.url, cards, 10, 2); // JIT warm-up
      // The challenge phase comes first: each AReq phase leaves thousands of abandoned challenges whose first-CReq
      // timeout (30 s) would be swept, with an RReq each, in the middle of a later challenge phase (measured: a
      // PGlite challenge phase after 60,000 abandoned AReqs ran at 1 challenge/s instead of about 40).
      const fresh = cards.slice(CARDS / 2); // a card's SMS history starts empty in the challenge phase
      // Until every RReq is delivered: the statements and CPU of a challenge include its RReq job.
      const challenge = await measured(svc, db.pgDatabase, async () => {
        const run = await runChallenges(svc.url, fresh, sms, CHALLENGE_BROWSERS, SECONDS * 1000);
        return { ...run, ...(await waitForRReqs(ds, run.acsTransIDs)), requests: run.completed };
      });
      log(`${dialect} challenge: ${challenge.perSecond}/s, ${challenge.failed} failed, RReqs ${challenge.delivered}`);
      const { acsTransIDs: _ids, ...challengeFigures } = challenge;
      const areq = [
        await measured(svc, db.pgDatabase, () => loadAReq(svc.url, cards, 10, SECONDS)),
        await measured(svc, db.pgDatabase, () => loadAReq(svc.url, cards, 50, SECONDS)),
      ];
      log(`${dialect} AReq: ${areq.map((a) => `${a.rps} req/s p99 ${a.p99Ms} ms @${a.connections}`).join(', ')}`);
      // issue #20: the same AReq load with the demo risk policy active, as a ratio of the default policy's.
      const risk =
        dialect === 'postgres'
          ? await riskPhase(
              db.env.DATABASE_URL ?? '',
              svc.url,
              cards,
              riskCards,
              SECONDS,
              areq.map((a) => a.connections),
              (load) => measured(svc, db.pgDatabase, load),
            )
          : undefined;
      for (const line of risk ? riskLines(dialect, risk) : []) log(line);
      const peakRssMb = svc.peakRssMb();
      await svc.stop();
      const { openLoop, openLoopPeakRssMb, kill9 } = await openLoopUndisturbed(dialect, cards, ds, sms);
      log(`${dialect} open loop ${OPEN_LOOP_RATE}/s: p50 ${openLoop.p50Ms} p99 ${openLoop.p99Ms} ms`);
      if (kill9) log(kill9Line(kill9));
      figures.push({
        dialect,
        seedSeconds: db.seedSeconds,
        floor,
        areq,
        openLoop,
        challenge: challengeFigures,
        peakRssMb: Math.max(peakRssMb, openLoopPeakRssMb),
        rssTargetMb: RSS_TARGET_MB[dialect],
        kill9,
        risk,
      });
    } finally {
      await svc.stop();
      await db.drop();
    }
  }

  const profile = await profileAReq(cards, ds, sms);
  await ds.stop();
  await sms.stop();
  const report: BenchReport = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? '',
      memGb: Math.round(totalmem() / 2 ** 30),
      freeGb: Math.round(freemem() / 2 ** 30),
      node: process.version,
      pinned: pinnedLoad,
      loadAvgBefore: load0.map((l) => Math.round(l * 100) / 100),
      loadAvgAfter: loadavg().map((l) => Math.round(l * 100) / 100),
    },
    secondsPerPhase: SECONDS,
    openLoop: { rate: OPEN_LOOP_RATE, seconds: OPEN_LOOP_SECONDS, p99TargetMs: P99_TARGET_MS },
    cards: CARDS,
    baseline,
    dialects: figures,
    profile,
  };
  const table = renderTable(report);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const stem = join(root, 'bench/results', report.date.slice(0, 10));
  writeFileSync(`${stem}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${stem}.md`, table);
  // Written as the repository's formatter writes markdown, so `npm run lint` stays clean after a bench run.
  spawnSync(join(root, 'node_modules/.bin/biome'), ['format', '--write', `${stem}.md`, `${stem}.json`], {
    stdio: 'ignore',
  });
  process.stdout.write(`\n${table}\nwritten: ${stem}.json, ${stem}.md\n`);
  // Durability is not traded for speed: an ARes'd AReq missing after the kill -9 fails the run.
  const lost = figures.flatMap((d) => d.kill9?.lost ?? []);
  if (lost.length > 0) throw new Error(`kill -9 lost ${lost.length} ARes'd AReqs: ${lost.slice(0, 5).join(', ')}`);
}

/**
 * The durable floor on `dialect`: in the bench database (a table of its own) on PostgreSQL, in a PGlite of its
 * own in the floor's process otherwise; warmed up, then the same closed- and open-loop phases as the service.
 */
async function durableFloor(dialect: BenchDialect, db: BenchDatabase, cards: BenchCard[]): Promise<FloorFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ninsho-floor-'));
  const env: Record<string, string> =
    dialect === 'postgres' ? { FLOOR_DATABASE_URL: db.env.DATABASE_URL ?? '' } : { FLOOR_PGLITE_DIR: dataDir };
  const floor = await startProcess([join(root, 'bench/durable-floor.ts')], env, '/', await freePort());
  try {
    await loadAReq(floor.url, cards, 10, 2, '/floor'); // JIT warm-up, as the service gets
    const closed = [
      await measured(floor, db.pgDatabase, () => loadAReq(floor.url, cards, 10, SECONDS, '/floor')),
      await measured(floor, db.pgDatabase, () => loadAReq(floor.url, cards, 50, SECONDS, '/floor')),
    ];
    const open = await measured(floor, db.pgDatabase, () =>
      openLoopAReq(floor.url, cards, OPEN_LOOP_RATE, OPEN_LOOP_SECONDS, '/floor'),
    );
    return { closed, open, peakRssMb: floor.peakRssMb() };
  } finally {
    await floor.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The open loop on a service and database of its own: every closed-loop AReq leaves a challenge abandoned, and the
 * sweep of their 30 s first-CReq timeout (an RReq each) would otherwise run through the open loop and set its
 * percentiles (run of 2026-12-05: p99 178 ms). A 2 s warm-up and the 20 s phase end before the warm-up's own
 * challenges fall due. The kill -9 phase (PostgreSQL) follows on the same service.
 */
async function openLoopUndisturbed(dialect: BenchDialect, cards: BenchCard[], ds: DsPeer, sms: SmsPeer) {
  const db = await prepareDatabase(dialect, masterKey, cards, '_open');
  const svc = await startService(db.env, ds, sms);
  try {
    await loadAReq(svc.url, cards, 10, 2); // JIT warm-up, as the closed-loop service gets
    const openLoop = await measured(svc, db.pgDatabase, () =>
      openLoopAReq(svc.url, cards, OPEN_LOOP_RATE, OPEN_LOOP_SECONDS),
    );
    const openLoopPeakRssMb = svc.peakRssMb();
    const kill9 = dialect === 'postgres' ? await killUnderLoad(svc, db, cards) : undefined;
    return { openLoop, openLoopPeakRssMb, kill9 };
  } finally {
    await svc.stop();
    await db.drop();
  }
}

/**
 * kill -9 of the service halfway through an open-loop AReq phase (batches in flight), then every AReq that got
 * an ARes is looked up in the database (bench/kill9.ts).
 */
async function killUnderLoad(svc: Service, db: BenchDatabase, cards: BenchCard[]): Promise<Kill9Figures> {
  const answered: Answered[] = [];
  const killed = new Promise((r) => setTimeout(r, KILL_SECONDS * 500)).then(() => svc.kill());
  const load = await openLoopAReq(svc.url, cards, OPEN_LOOP_RATE, KILL_SECONDS, '/3ds/areq', answered);
  await killed;
  const { durable, lost } = await durableAnswers(db.env.DATABASE_URL ?? '', answered);
  return { sent: load.sent, ares: answered.length, errors: load.errors, durable, lost };
}

function startService(
  env: Record<string, string>,
  ds: DsPeer,
  sms: SmsPeer,
  nodeArgs: string[] = [],
): Promise<Service> {
  return freePort().then((port) =>
    startProcess(
      // the flags of `npm start` (package.json)
      [...nodeArgs, '--enable-source-maps', '--max-semi-space-size=8', join(root, 'dist/main.mjs')],
      { ...env, ...serviceEnv(port, masterKeyB64, ds.url, sms.url) },
      '/readyz',
      port,
    ),
  );
}

/** Every challenge must yield exactly one RReq at the DS. */
async function waitForRReqs(ds: DsPeer, ids: string[]) {
  const until = Date.now() + 10_000;
  const count = () => ids.filter((id) => ds.forTransaction(id).length > 0).length;
  while (count() < ids.length && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  return { delivered: count(), duplicated: ids.filter((id) => ds.forTransaction(id).length > 1).length };
}

/** A CPU profile of the service under AReq load on PostgreSQL (written by node at exit). */
async function profileAReq(cards: ReturnType<typeof benchCards>, ds: DsPeer, sms: SmsPeer) {
  if (!dialects.includes('postgres')) return [];
  const dir = mkdtempSync(join(tmpdir(), 'ninsho-prof-'));
  const db = await prepareDatabase('postgres', masterKey, cards);
  const svc = await startService(db.env, ds, sms, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const seconds = Math.max(3, SECONDS / 2);
  try {
    await loadAReq(svc.url, cards, 50, seconds);
  } finally {
    await svc.stop();
    await db.drop();
  }
  return topFrames(dir, seconds * 1000);
}

function log(line: string): void {
  process.stdout.write(`# ${line}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
