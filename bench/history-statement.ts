// `tsx bench/history-statement.ts`: what the risk history read adds to the AReq's card lookup statement, per batch
// size, on PostgreSQL (issue #20's bench target; docs/risk.md "Bench"). The plain card lookup (`findCards`, what the
// default policy runs) and the lookup with history (`findCardsWithHistory`, under a risk policy) run in turns on one
// connection of the lookups' own kind (generic plans, `withStatementTimeout`), each card with the habit the bench's
// risk phase gives it (one purchase two days ago and one ten minutes ago, from its own browser and network).
// Prints, per statement and per key, the CPU of this process (the driver's side of the service) and of the
// PostgreSQL backend. Not part of `npm test` or `npm run bench`.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'kysely';
import { type Db, openDatabase, withStatementTimeout } from '../src/storage/database.ts';
import { findCards, findCardsWithHistory } from '../src/storage/repositories/auth-lookup.ts';
import { cpuSample } from './cpu.ts';
import { prepareDatabase } from './databases.ts';
import { seedHabits } from './risk-phase.ts';
import { benchCards } from './seed.ts';
import { startAReqService } from './service.ts';

const CARDS = 3_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 3_000);
const BATCHES = [1, 3, 5, 10, 50];
const ROUNDS = 3;
const root = join(import.meta.dirname, '..');

interface Key {
  panMac: string;
  deviceMac: string;
  ipRangeMac: string;
  merchantMac: string;
}

async function main(): Promise<void> {
  const masterKey = randomBytes(32);
  const database = await prepareDatabase('postgres', masterKey, benchCards(CARDS));
  const admin = openDatabase({ kind: 'postgres', url: database.env.DATABASE_URL ?? '', poolSize: 1 });
  try {
    const keys = await habitualKeys(database.env, masterKey, admin);
    const lookups = withStatementTimeout(admin, 5_000, 1);
    let next = 0;
    const take = (n: number): Key[] => Array.from({ length: n }, () => keys[next++ % keys.length]!);
    const variants = {
      plain: (batch: Key[]) =>
        findCards(
          lookups,
          batch.map((k) => k.panMac),
        ),
      history: (batch: Key[]) =>
        findCardsWithHistory(
          lookups,
          batch.map(({ panMac, ...macs }) => ({ panMac, risk: { ...macs, at: new Date(), windowDays: 90 } })),
        ),
    };
    log(`${keys.length} keys; ${RUNS} statements per turn, ${ROUNDS} turns each; CPU per statement (per key)`);
    for (const size of BATCHES) {
      const totals = { plain: { js: 0, pg: 0 }, history: { js: 0, pg: 0 } };
      for (let round = 0; round < ROUNDS; round++) {
        for (const name of ['plain', 'history'] as const) {
          const run = variants[name];
          for (let i = 0; i < 200; i++) await run(take(size)); // warm-up: plans, JIT
          const pgBefore = cpuSample(process.pid, database.pgDatabase).postgres;
          const jsBefore = process.cpuUsage();
          for (let i = 0; i < RUNS; i++) await run(take(size));
          const js = process.cpuUsage(jsBefore);
          totals[name].js += (js.user + js.system) / RUNS;
          totals[name].pg += ((cpuSample(process.pid, database.pgDatabase).postgres - pgBefore) * 1e6) / RUNS;
        }
      }
      const line = (name: keyof typeof variants) => {
        const { js, pg } = totals[name];
        const us = (x: number) => `${Math.round(x / ROUNDS)} µs (${Math.round(x / ROUNDS / size)})`;
        return `${name}: driver ${us(js)}, PostgreSQL ${us(pg)}`;
      };
      log(`${size} keys: ${line('plain')}; ${line('history')}`);
    }
  } finally {
    await admin.destroy();
    await database.drop();
  }
}

/** Seeds the risk phase's habits through a service, adds the recent purchase, and returns each card's keys. */
async function habitualKeys(env: Record<string, string>, masterKey: Buffer, db: Db): Promise<Key[]> {
  const svc = await startAReqService([join(root, 'dist/main.mjs')], env, masterKey);
  try {
    await seedHabits(db, svc.url, benchCards(CARDS));
  } finally {
    await svc.stop();
  }
  // the phase's own purchase: each habit again, ten minutes ago (within the hour the velocity probes read)
  await sql`create temp table recent as select * from transactions where risk_device_mac is not null`.execute(db);
  await sql`update recent set acs_trans_id = gen_random_uuid(), three_ds_server_trans_id = gen_random_uuid(),
    ds_trans_id = gen_random_uuid(), created_at = now() - interval '10 minutes'`.execute(db);
  await sql`insert into transactions select * from recent`.execute(db);
  await sql`drop table recent`.execute(db);
  await sql`vacuum analyze`.execute(db);
  const rows = await sql<Key>`
    select distinct on (c.pan_mac) c.pan_mac as "panMac", t.risk_device_mac as "deviceMac",
           t.risk_ip_range_mac as "ipRangeMac", t.risk_merchant_mac as "merchantMac"
    from transactions t join cards c on c.card_ref = t.card_ref
    where t.risk_device_mac is not null and t.risk_ip_range_mac is not null and t.risk_merchant_mac is not null
    order by c.pan_mac`.execute(db);
  return rows.rows;
}

function log(line: string): void {
  process.stdout.write(`# ${line}\n`);
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`history statement bench failed: ${message}\n`);
  process.exit(1);
});
