// Ad-hoc: the open-loop phase alone on a fresh service and database (bench/run.ts's openLoopUndisturbed), for
// before/after comparisons without the full `npm run bench`. BENCH_DIALECTS, BENCH_RATE, BENCH_SECONDS as run.ts.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DsPeer } from '../test/support/peers/ds-peer.ts';
import { SmsPeer } from './challenge.ts';
import { cpuPerRequest, cpuSample } from './cpu.ts';
import { type BenchDialect, prepareDatabase } from './databases.ts';
import { loadAReq } from './load.ts';
import { openLoopAReq } from './open-loop.ts';
import { benchCards } from './seed.ts';
import { freePort, pinSelf, startProcess } from './service.ts';

const root = join(import.meta.dirname, '..');
const rate = Number(process.env.BENCH_RATE ?? 1000);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
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
    ['--enable-source-maps', '--max-semi-space-size=8', join(root, 'dist/main.mjs')],
    {
      ...db.env,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      NINSHO_MASTER_KEY: masterKey.toString('base64'),
      DS_RREQ_URL: ds.url,
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: 'ACbench',
      TWILIO_AUTH_TOKEN: 'bench-token',
      TWILIO_FROM: 'NINSHO',
      TWILIO_API_BASE: sms.url,
    },
    '/readyz',
    port,
  );
  try {
    await loadAReq(svc.url, cards, 10, 2);
    const before = cpuSample(svc.pid, db.pgDatabase);
    const r = await openLoopAReq(svc.url, cards, rate, seconds);
    const cpu = cpuPerRequest(before, cpuSample(svc.pid, db.pgDatabase), r.requests);
    const { statuses: _s, ...figures } = r;
    console.log(dialect, JSON.stringify({ ...figures, cpu, peakRssMb: svc.peakRssMb() }));
  } finally {
    await svc.stop();
    await db.drop();
  }
}
await ds.stop();
await sms.stop();
