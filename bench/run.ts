// `npm run bench`: the service as production runs it (a child process pinned to core 0), load from this
// process (pinned to core 1), on PostgreSQL and on PGlite, against a raw node:http echo of the same AReq.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DsPeer } from '../test/support/peers/ds-peer.ts';
import { runChallenges, SmsPeer } from './challenge.ts';
import { cpuPerRequest, cpuSample } from './cpu.ts';
import { type BenchDialect, prepareDatabase } from './databases.ts';
import { loadAReq } from './load.ts';
import { topFrames } from './profile.ts';
import { type BenchReport, type DialectFigures, renderTable } from './report.ts';
import { benchCards } from './seed.ts';
import { freePort, pinSelf, type Service, startProcess } from './service.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CARDS = 10_000;
const CHALLENGE_BROWSERS = 16;
const dialects = (process.env.BENCH_DIALECTS ?? 'postgres,pglite').split(',') as BenchDialect[];
const root = join(import.meta.dirname, '..');
// The service is handed the same master key the seeding used (NINSHO_MASTER_KEY), as in production.
const masterKey = randomBytes(32);
const masterKeyB64 = masterKey.toString('base64');

async function main(): Promise<void> {
  const pinnedLoad = pinSelf(1);
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const load0 = loadavg();
  const cards = benchCards(CARDS);
  const ds = await new DsPeer().start();
  const sms = await new SmsPeer().start();

  const echo = await startProcess([join(root, 'bench/echo-server.ts')], {}, '/', await freePort());
  const echoLoad = async (connections: number) => {
    const before = cpuSample(echo.pid, undefined);
    const result = await loadAReq(echo.url, cards, connections, SECONDS, '/echo');
    return { ...result, cpu: cpuPerRequest(before, cpuSample(echo.pid, undefined), result.requests) };
  };
  const baseline = [await echoLoad(10), await echoLoad(50)];
  await echo.stop();
  log(`baseline: ${baseline.map((b) => `${b.rps} req/s @${b.connections}`).join(', ')}`);

  const figures: DialectFigures[] = [];
  for (const dialect of dialects) {
    const db = await prepareDatabase(dialect, masterKey, cards);
    log(`${dialect}: ${CARDS} cards seeded in ${db.seedSeconds.toFixed(1)} s`);
    const svc = await startService(db.env, ds, sms);
    try {
      await loadAReq(svc.url, cards, 10, 2); // JIT warm-up
      // CPU per request of the service and of its PostgreSQL backends: where a ceiling comes from.
      const measured = async <T extends { requests: number }>(run: () => Promise<T>) => {
        const before = cpuSample(svc.pid, db.pgDatabase);
        const result = await run();
        return { ...result, cpu: cpuPerRequest(before, cpuSample(svc.pid, db.pgDatabase), result.requests) };
      };
      const areq = [
        await measured(() => loadAReq(svc.url, cards, 10, SECONDS)),
        await measured(() => loadAReq(svc.url, cards, 50, SECONDS)),
      ];
      log(`${dialect} AReq: ${areq.map((a) => `${a.rps} req/s p99 ${a.p99Ms} ms @${a.connections}`).join(', ')}`);
      const fresh = cards.slice(CARDS / 2); // a card's SMS history starts empty in the challenge phase
      const challenge = await measured(async () => {
        const run = await runChallenges(svc.url, fresh, sms, CHALLENGE_BROWSERS, SECONDS * 1000);
        return { ...run, requests: run.completed };
      });
      const rreq = await waitForRReqs(ds, challenge.acsTransIDs);
      log(`${dialect} challenge: ${challenge.perSecond}/s, ${challenge.failed} failed, RReqs ${rreq.delivered}`);
      const { acsTransIDs: _ids, ...challengeFigures } = challenge;
      figures.push({
        dialect,
        seedSeconds: db.seedSeconds,
        areq,
        challenge: { ...challengeFigures, ...rreq },
        peakRssMb: svc.peakRssMb(),
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
  process.stdout.write(`\n${table}\nwritten: ${stem}.json, ${stem}.md\n`);
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
      {
        ...env,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        HOST: '127.0.0.1',
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
        NINSHO_MASTER_KEY: masterKeyB64,
        DS_RREQ_URL: ds.url,
        SMS_PROVIDER: 'twilio',
        TWILIO_ACCOUNT_SID: 'ACbench',
        TWILIO_AUTH_TOKEN: 'bench-token',
        TWILIO_FROM: 'NINSHO',
        TWILIO_API_BASE: sms.url,
      },
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
