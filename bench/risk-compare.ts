// `tsx bench/risk-compare.ts`: only issue #20's bench target on PostgreSQL — the default policy and the demo risk
// policy taking turns on one service (bench/risk-phase.ts), each card from its own browser and network, with CPU
// per request for every turn. BENCH_SERVICE_ENTRY runs another build of the service (a before/after comparison).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { cpuPerRequest, cpuSample } from './cpu.ts';
import { prepareDatabase } from './databases.ts';
import { type LoadResult, loadAReq } from './load.ts';
import { habitualBodies, riskLines, riskPhase } from './risk-phase.ts';
import { benchCards } from './seed.ts';
import { startAReqService } from './service.ts';
import { statementsPer, statementsSoFar } from './statements.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const root = join(import.meta.dirname, '..');
const entry = process.env.BENCH_SERVICE_ENTRY ?? join(root, 'dist/main.mjs');
const masterKey = randomBytes(32);

async function main(): Promise<void> {
  if (!process.env.BENCH_SERVICE_ENTRY) {
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('build failed');
  }
  // the risk phase on cards of its own: the default phases' AReqs would count towards its card-testing limit
  const all = benchCards(40_000);
  const [cards, riskCards] = [all.slice(0, 10_000), all.slice(10_000)];
  const db = await prepareDatabase('postgres', masterKey, all);
  const svc = await startAReqService(['--enable-source-maps', '--max-semi-space-size=8', entry], db.env, masterKey);
  try {
    const measure = async (load: () => Promise<LoadResult>) => {
      const before = await statementsSoFar(svc.url);
      const cpuBefore = cpuSample(svc.pid, db.pgDatabase);
      const result = await load();
      const cpu = cpuPerRequest(cpuBefore, cpuSample(svc.pid, db.pgDatabase), result.requests);
      log(
        `@${result.connections}: ${result.rps} req/s, CPU per request: service ${cpu.serviceUs} µs, PostgreSQL ${cpu.postgresUs} µs`,
      );
      return {
        ...result,
        statementsPerRequest: statementsPer(before, await statementsSoFar(svc.url), result.requests),
      };
    };
    await loadAReq(svc.url, cards, 10, 2, '/3ds/areq', habitualBodies(cards)); // JIT warm-up
    const risk = await riskPhase(db.env.DATABASE_URL ?? '', svc.url, cards, riskCards, SECONDS, [10, 50], measure);
    for (const line of riskLines('postgres', risk)) log(line);
  } finally {
    await svc.stop();
    await db.drop();
  }
}

function log(line: string): void {
  process.stdout.write(`# ${line}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`risk compare failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
