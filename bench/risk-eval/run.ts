// `npm run risk:eval [-- --policy demo|default] [--seed N] [--members N]`: replays the seeded synthetic traffic
// (bench/risk-eval/traffic.ts) through the AReq endpoint of a started service (embedded database, the real HTTP
// stack, its clock moved to each event's time) under a policy, and ends with one line:
// `frictionless N %, fraud challenged-or-refused M %, legit refused K %` (N: legitimate purchases frictionless).
import { parseArgs } from 'node:util';
import { ManualClock } from '../../src/core/clock.ts';
import type { Db } from '../../src/storage/database.ts';
import { activateDemoRiskPolicy, markAuthenticated, rbaTermsInForce } from '../../test/risk/support.ts';
import { createTestDatabase } from '../../test/support/databases.ts';
import { seedCardholder } from '../../test/support/fixtures.ts';
import { browserAReq, postAReq } from '../../test/support/messages.ts';
import { startTestServer } from '../../test/support/server.ts';
import { generateTraffic, type TrafficEvent } from './traffic.ts';

const { values } = parseArgs({
  options: {
    policy: { type: 'string', default: 'demo' },
    seed: { type: 'string', default: '20' },
    members: { type: 'string', default: '120' },
  },
});
const policy = values.policy === 'default' ? 'default' : 'demo';
const options = { seed: Number(values.seed), members: Number(values.members), warmUpDays: 30, evaluatedDays: 10 };

const MINUTE = 60_000;

async function main(): Promise<void> {
  const database = await createTestDatabase('pglite');
  const clock = new ManualClock(new Date());
  const server = await startTestServer(database, { clock });
  try {
    const db = database.db;
    const holders = [];
    for (let m = 0; m < options.members; m++) holders.push(await seedCardholder(db, server.keys));
    await server.server.deps.ranges.load();
    if (policy === 'demo') {
      const now = new Date();
      await activateDemoRiskPolicy(db, await rbaTermsInForce(db, now), now);
      await server.server.deps.riskPolicy.reload();
    }
    const events = generateTraffic(options);
    const start = Date.now() - (options.warmUpDays + options.evaluatedDays) * 1440 * MINUTE;
    const tally = new Map<string, Record<string, number>>();
    /** Why the answer was not frictionless, per label and answer: the rule, or the score. */
    const rules = new Map<string, Record<string, number>>();
    for (const event of events) {
      const holder = holders[event.member]!;
      if (event.phoneChangedAtMinute !== undefined) {
        await recordPhoneChange(db, holder.enetId, new Date(start + event.phoneChangedAtMinute * MINUTE));
      }
      clock.set(new Date(start + event.minute * MINUTE));
      const { json } = await postAReq(server.url, browserAReq(holder.pan, overridesFor(event, clock.now())));
      const status = json.transStatus ?? `Erro ${json.errorCode}`;
      // A member passes the challenge (what the SMS code proves); a fraudster does not.
      if (event.label === 'legit' && status === 'C') await markAuthenticated(db, json.acsTransID!);
      if (!event.evaluated) continue;
      const counts = tally.get(event.label) ?? {};
      counts[status] = (counts[status] ?? 0) + 1;
      tally.set(event.label, counts);
      if (status !== 'Y') {
        const why = await ruleOf(db, json.acsTransID!);
        const key = `${event.label} ${status}`;
        rules.set(key, { ...rules.get(key), [why]: (rules.get(key)?.[why] ?? 0) + 1 });
      }
    }
    for (const [key, counts] of [...rules].sort()) console.log(`# ${policy} ${key} because ${JSON.stringify(counts)}`);
    report(policy, tally);
  } finally {
    await server.close();
    await database.close();
  }
}

function overridesFor(e: TrafficEvent, at: Date): Record<string, unknown> {
  const jst = new Date(at.getTime() + 9 * 3_600_000).toISOString();
  return {
    purchaseAmount: String(e.amountYen),
    purchaseDate: jst.slice(0, 19).replace(/[-T:]/g, ''),
    mcc: e.merchant.mcc,
    acquirerMerchantID: e.merchant.id,
    merchantName: e.merchant.name,
    browserUserAgent: e.device.userAgent,
    browserScreenWidth: e.device.screen[0],
    browserScreenHeight: e.device.screen[1],
    browserTZ: e.device.tz,
    browserLanguage: e.device.language === 'ja' ? 'ja-JP' : e.device.language,
    browserIP: e.device.ip,
  };
}

async function ruleOf(db: Db, acsTransID: string): Promise<string> {
  const row = await db
    .selectFrom('transactions')
    .select(['risk_rule', 'risk_score'])
    .where('acs_trans_id', '=', acsTransID)
    .executeTakeFirst();
  return row?.risk_rule ?? `score ${row?.risk_score ?? '-'}`;
}

/** What a phone number change leaves in the database: the old binding ended and a new one bound at `at`. */
async function recordPhoneChange(db: Db, enetId: string, at: Date): Promise<void> {
  const current = await db
    .selectFrom('phone_bindings')
    .selectAll()
    .where('enet_id', '=', enetId)
    .where('unbound_at', 'is', null)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('phone_bindings')
    .values({
      ...current,
      id: `${current.id}-before-${at.getTime()}`,
      bound_at: new Date(at.getTime() - 400 * 86_400_000),
      unbound_at: at,
      unbound_by: 'risk-eval',
      unbound_reason: 'changed',
    })
    .execute();
  await db.updateTable('phone_bindings').set({ bound_at: at }).where('id', '=', current.id).execute();
}

function report(name: string, tally: Map<string, Record<string, number>>): void {
  const sum = (r: Record<string, number> | undefined, pick: (s: string) => boolean) =>
    Object.entries(r ?? {}).reduce((n, [s, c]) => n + (pick(s) ? c : 0), 0);
  let fraud = 0;
  let fraudStopped = 0;
  for (const [label, counts] of [...tally].sort()) {
    console.log(`# ${name} ${label}: ${JSON.stringify(counts)}`);
    if (label === 'legit') continue;
    fraud += sum(counts, () => true);
    fraudStopped += sum(counts, (s) => s !== 'Y');
  }
  const legit = tally.get('legit');
  const legitAll = sum(legit, () => true);
  const pct = (n: number, d: number) => (d === 0 ? '0.0' : ((100 * n) / d).toFixed(1));
  console.log(
    `frictionless ${pct(
      sum(legit, (s) => s === 'Y'),
      legitAll,
    )} %, fraud challenged-or-refused ${pct(fraudStopped, fraud)} %, legit refused ${pct(
      sum(legit, (s) => s === 'N' || s === 'R'),
      legitAll,
    )} %`,
  );
}

await main();
