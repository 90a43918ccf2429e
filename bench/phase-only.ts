// Ad-hoc: one phase alone on a fresh service and database, for before/after comparisons without the full
// `npm run bench` (docs/performance.md): BENCH_PHASE = open-loop (bench/run.ts's openLoopUndisturbed), challenge
// or areq (closed loop, 50 connections); BENCH_DIALECTS, BENCH_RATE, BENCH_SECONDS as run.ts (default 20 s, 8 s
// for challenge and areq); BENCH_SERVICE_ROOT runs another checkout's dist/main.mjs (built there beforehand).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DsPeer } from '../test/support/peers/ds-peer.ts';
import { runChallenges, SmsPeer } from './challenge.ts';
import { cpuPerRequest, cpuSample } from './cpu.ts';
import { type BenchDialect, prepareDatabase } from './databases.ts';
import { loadAReq } from './load.ts';
import { openLoopAReq } from './open-loop.ts';
import { benchCards } from './seed.ts';
import { freePort, pinSelf, serviceEnv, startProcess } from './service.ts';

const root = process.env.BENCH_SERVICE_ROOT ?? join(import.meta.dirname, '..');
const phase = process.env.BENCH_PHASE ?? 'open-loop';
const rate = Number(process.env.BENCH_RATE ?? 1000);
const seconds = Number(process.env.BENCH_SECONDS ?? (phase === 'open-loop' ? 20 : 8));
const masterKey = randomBytes(32);
pinSelf(1);
if (spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' }).status !== 0)
  throw new Error('build failed');
const cards = benchCards(10_000);
const ds = await new DsPeer().start();
const sms = await new SmsPeer().start();
for (const dialect of (process.env.BENCH_DIALECTS ?? 'postgres').split(',') as BenchDialect[]) {
  const db = await prepareDatabase(dialect, masterKey, cards, '_adhoc');
  const port = await freePort();
  const svc = await startProcess(
    // BENCH_NODE_FLAGS replaces the flags of `npm start` (a memory experiment: heap limits, semi-space size).
    [
      ...(process.env.BENCH_NODE_FLAGS ?? '--enable-source-maps --max-semi-space-size=8').split(' ').filter(Boolean),
      join(root, 'dist/main.mjs'),
    ],
    { ...db.env, ...serviceEnv(port, masterKey.toString('base64'), ds.url, sms.url) },
    '/readyz',
    port,
  );
  try {
    await loadAReq(svc.url, cards, 10, 2);
    const before = cpuSample(svc.pid, db.pgDatabase);
    const heap = sampleHeap(svc.url);
    const figures = await runPhase(svc.url);
    const heapPeak = await heap.stop();
    const cpu = cpuPerRequest(before, cpuSample(svc.pid, db.pgDatabase), figures.requests);
    console.log(phase, dialect, JSON.stringify({ ...figures, cpu, peakRssMb: svc.peakRssMb(), heapPeak }));
  } finally {
    await svc.stop();
    await db.drop();
  }
}
await ds.stop();
await sms.stop();

/** The largest heap figures the service's /metrics showed (prom-client's default metrics), sampled every 500 ms. */
function sampleHeap(url: string) {
  const peak: Record<string, number> = {};
  let running = true;
  const loop = (async () => {
    while (running) {
      const text = await fetch(`${url}/metrics`).then(
        (r) => r.text(),
        () => '',
      );
      for (const m of text.matchAll(
        /^(nodejs_heap_size_used_bytes|nodejs_heap_size_total_bytes|nodejs_external_memory_bytes|process_resident_memory_bytes|nodejs_heap_space_size_used_bytes\{space="(?:new|old|large_object)"\}) ([\d.e+]+)$/gm,
      )) {
        const mb = Math.round(Number(m[2]) / 2 ** 20);
        peak[m[1]!] = Math.max(peak[m[1]!] ?? 0, mb);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return peak;
    },
  };
}

async function runPhase(url: string): Promise<Record<string, unknown> & { requests: number }> {
  if (phase === 'challenge') {
    const { acsTransIDs, ...run } = await runChallenges(url, cards.slice(5000), sms, 16, seconds * 1000);
    // Until every RReq is delivered, as bench/run.ts waits: the CPU of a challenge includes its RReq job.
    const until = Date.now() + 10_000;
    while (acsTransIDs.some((id) => ds.forTransaction(id).length === 0) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 100));
    return { ...run, requests: run.completed };
  }
  if (phase === 'areq') return loadAReq(url, cards, 50, seconds);
  const { statuses: _s, ...figures } = await openLoopAReq(url, cards, rate, seconds);
  return figures;
}
