// The AReq phase with the demo risk policy active (issue #20 "Done when": within 10 % of the default policy's
// throughput). Run by bench/run.ts on PostgreSQL after the default AReq and open-loop phases, same load, on cards of
// its own (seeded with the others, sent nothing before): the earlier phases' AReqs would count towards the
// policy's card-testing limit.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { CHALLENGE_ALL_POLICY } from '../src/core/risk/policies.ts';
import { FIRST_CREQ_TIMEOUT_MS } from '../src/core/transaction-state.ts';
import { RISK_POLICY_REFRESH_MS } from '../src/features/risk/policy.ts';
import { type Db, openDatabase } from '../src/storage/database.ts';
import { activateDemoRiskPolicy, activateRiskPolicy, rbaTermsInForce } from '../test/risk/support.ts';
import { browserAReq } from '../test/support/messages.ts';
import { type LoadResult, loadAReq } from './load.ts';
import type { BenchCard } from './seed.ts';
import { statementsSoFar } from './statements.ts';

/** One closed-loop phase as bench/run.ts measures it (only what the risk lines print). */
type Phase = LoadResult & { statementsPerRequest: number | null };

export interface RiskPhaseFigures {
  /** The demo risk policy active: the same connections as the default AReq phases. */
  areq: Phase[];
  /** Throughput under the risk policy over the default policy's, per connection count (target ≥ 0.9). */
  ratios: { connections: number; ratio: number }[];
  /** Cards given a habit (one authenticated purchase from their own browser and network) before the phase. */
  habitual?: { cards: number; of: number };
  /** Whether the sweeper had ended the earlier phases' abandoned challenges before the phase (settle). */
  quiet?: boolean;
}

/**
 * Four cards in five have bought before from their own browser and network; every fifth is a new device. Spread
 * over the cards, so a phase that sends from part of them in turn (`habitualBodies`) meets both kinds.
 */
const hasHabit = (i: number): boolean => i % 5 !== 4;
const USER_AGENTS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; SO-51D) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/13N.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/13N.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
];
const SCREENS = [
  ['390', '844'],
  ['412', '915'],
  ['1920', '1080'],
  ['1440', '900'],
];

/**
 * Card `i`'s usual purchase: its own browser (a user agent variant and screen; Japan's time zone, Japanese), its
 * own /24 network, one of 20 shops, ¥4,800 at a supermarket — what a member buying as usual sends.
 */
export function habitualAReq(cards: readonly BenchCard[], i: number): string {
  const card = cards[i]!;
  const [width, height] = SCREENS[i % SCREENS.length]!;
  return JSON.stringify(
    browserAReq(card.pan, {
      browserUserAgent: `${USER_AGENTS[i % USER_AGENTS.length]!.replace('13N', String(120 + (i % 12)))} bench/${i}`,
      browserScreenWidth: width,
      browserScreenHeight: height,
      browserTZ: '-540',
      browserLanguage: 'ja-JP',
      browserIP: `10.${(i >> 8) & 255}.${i & 255}.${2 + Math.floor(Math.random() * 250)}`,
      acquirerMerchantID: `bench-shop-${i % 20}`,
      merchantName: `ベンチ商店 ${i % 20}`,
      purchaseAmount: '4800',
      mcc: '5411',
      threeDSServerTransID: randomUUID(),
      dsTransID: randomUUID(),
    }),
  );
}

/**
 * AReqs from each card in turn, from that card's own browser and network: every card sends as often as the
 * others, so a card reaches the demo policy's `card_testing` limit (5 AReqs per card per hour) only after
 * 5 × `cards.length` AReqs — not at random, as a card picked at random would long before that.
 */
export function habitualBodies(cards: readonly BenchCard[]): () => { body: string } {
  let next = 0;
  return () => ({ body: habitualAReq(cards, next++ % cards.length) });
}

/**
 * The habits: under challenge-everything, each card with a habit (`hasHabit`) sends one usual AReq
 * (its facts are stored with it); those transactions are then made what a completed challenge two days ago
 * leaves (Y), so the history read finds the device, the network and the shop, and the velocity counts of the
 * last hour and day are the phase's own.
 */
async function seedHabits(db: Db, serviceUrl: string, cards: readonly BenchCard[]): Promise<number> {
  const habitual = cards.flatMap((_, i) => (hasHabit(i) ? [i] : []));
  const from = new Date();
  let next = 0;
  const sender = async () => {
    while (next < habitual.length) {
      const i = habitual[next++]!;
      const res = await fetch(`${serviceUrl}/3ds/areq`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: habitualAReq(cards, i),
      });
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 20 }, sender));
  await db
    .updateTable('transactions')
    .set({
      state: 'authenticated',
      trans_status: 'Y',
      eci: '05',
      deadline_at: null,
      created_at: sql`created_at - interval '2 days'`,
    })
    .where('created_at', '>=', from)
    .execute();
  return habitual.length;
}

/**
 * Seeds the cards' habits (`seedHabits`), activates the demo risk policy in the service's database as two admins
 * would (terms in force, four-eyes), waits until the service has reread it (a short load), runs one phase per
 * connection count of the default phases with each card's own browser and network, then puts
 * challenge-everything back so later phases run as before. `measure` measures a phase as bench/run.ts measures
 * the default ones.
 */
export async function riskPhase(
  databaseUrl: string,
  serviceUrl: string,
  cards: readonly BenchCard[],
  seconds: number,
  defaults: readonly Phase[],
  measure: (load: () => Promise<LoadResult>) => Promise<Phase>,
): Promise<RiskPhaseFigures> {
  const db = openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 1 });
  const bodies = habitualBodies(cards); // one turn over the cards for all the phases: at most 5 AReqs per card
  const warmUp = () => loadAReq(serviceUrl, [...cards], 10, 1, '/3ds/areq', bodies);
  try {
    const habitual = await seedHabits(db, serviceUrl, cards);
    const now = new Date();
    await activateDemoRiskPolicy(db, await rbaTermsInForce(db, now, `terms_bench_rba_${now.getTime()}`), now);
    await policyReread(warmUp);
    const quiet = await settle(serviceUrl);
    const areq: Phase[] = [];
    for (const d of defaults) {
      areq.push(await measure(() => loadAReq(serviceUrl, [...cards], d.connections, seconds, '/3ds/areq', bodies)));
    }
    await activateRiskPolicy(
      db,
      {
        name: 'すべての取引で認証',
        nameEn: 'Challenge every purchase',
        body: CHALLENGE_ALL_POLICY,
        termsVersionId: null,
      },
      now,
    );
    await policyReread(warmUp);
    return {
      areq,
      habitual: { cards: habitual, of: cards.length },
      quiet,
      ratios: areq.map((a) => {
        const base = defaults.find((d) => d.connections === a.connections)?.rps ?? 0;
        return { connections: a.connections, ratio: base ? Math.round((a.rps / base) * 1000) / 1000 : 0 };
      }),
    };
  } finally {
    await db.destroy();
  }
}

/**
 * Waits until the challenges abandoned by earlier load have timed out (FIRST_CREQ_TIMEOUT_MS) and the sweeper
 * has ended them (each with an RReq): then the service sends fewer than 50 statements a second (its idle jobs send about 20). The
 * default policy's phases run on such a quiet service (bench/run.ts runs the challenge phase first for that).
 */
export async function settle(serviceUrl: string, maxMs = 120_000): Promise<boolean> {
  await new Promise((r) => setTimeout(r, FIRST_CREQ_TIMEOUT_MS + 1000));
  const until = Date.now() + maxMs;
  let last = await statementsSoFar(serviceUrl);
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await statementsSoFar(serviceUrl);
    if (now === undefined || last === undefined || now - last < 50) return true;
    last = now;
  }
  return false;
}

/** A node rereads its policy on the first AReq after RISK_POLICY_REFRESH_MS: wait, then send some load. */
async function policyReread(warmUp: () => Promise<unknown>): Promise<void> {
  await new Promise((r) => setTimeout(r, RISK_POLICY_REFRESH_MS + 500));
  await warmUp();
}

/** The report's lines: each phase with its answer mix, and the ratio to the default policy (target within 10 %). */
export function riskLines(dialect: string, r: RiskPhaseFigures): string[] {
  const habit = r.habitual
    ? `, ${r.habitual.cards} of ${r.habitual.of} cards with a habit (own browser and network)`
    : '';
  const quiet = r.quiet === false ? ' (the sweeper was still ending earlier challenges)' : '';
  return [
    `- AReq→ARes with the demo risk policy active, ${dialect}${habit}${quiet}:`,
    ...r.areq.map((a) => {
      const ratio = r.ratios.find((x) => x.connections === a.connections)?.ratio ?? 0;
      const mix = ['Y', 'C', 'N'].map((s) => a.statuses[`transStatus=${s}`] ?? 0).join('/');
      const other = Object.entries(a.statuses)
        .filter(([k]) => !['transStatus=Y', 'transStatus=C', 'transStatus=N'].includes(k))
        .map(([k, n]) => `, ${k} ${n}`)
        .join('');
      return `  - @${a.connections}: ${a.rps} req/s, p99 ${a.p99Ms} ms, ${a.statementsPerRequest ?? 'n/a'} statements/req, answers Y/C/N ${mix}${other}; ${Math.round(ratio * 1000) / 10}% of the default policy (target ≥ 90%: ${ratio >= 0.9 ? 'met' : 'not met'})`;
    }),
  ];
}
