// The AReq with the demo risk policy active against the default policy (issue #20 "Done when": within 10 % of the
// default policy's throughput), taking turns on one service (`riskPhase`). Run by bench/run.ts on PostgreSQL after
// the default AReq phases; the risk turns send from cards of their own (seeded with the others, sent nothing
// before): the earlier phases' AReqs would count towards the policy's card-testing limit.
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
  /** The demo risk policy active, per connection count (its turns combined). */
  areq: Phase[];
  /** The default policy's turns of the same blocks, per connection count (absent in results before 2026-12-06). */
  defaults?: Phase[];
  /** Requests under the risk policy over the default policy's in the same block (target ≥ 0.9). */
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
 * The usual purchase of card `cards[at]`: its own browser (a user agent variant and screen; Japan's time zone,
 * Japanese), its own /24 network, one of 20 shops, ¥4,800 at a supermarket — what a member buying as usual sends.
 */
export function habitualAReq(cards: readonly BenchCard[], at: number): string {
  const card = cards[at]!;
  // the card's own number (its e-net ID's, bench/seed.ts), not its place in `cards`: the default policy's cards
  // and the risk policy's are two slices of one list, and each card has a browser and a network of its own
  const i = Number(card.enetId.slice('bench_'.length));
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
export async function seedHabits(db: Db, serviceUrl: string, cards: readonly BenchCard[]): Promise<number> {
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
  // The table as autovacuum leaves it once it has seen the habits (it vacuums a table after a fifth of it changed
  // and analyses it after a tenth; its one-minute nap would otherwise decide what the first block found): without
  // statistics the planner guesses and the history read took a third longer; unvacuumed, the habits' pages are not
  // all-visible, their hint bits unset, and the read cost up to 20 µs more per AReq (docs/risk.md "Bench").
  await sql`vacuum analyze transactions`.execute(db);
  return habitual.length;
}

/**
 * The comparison of issue #20's bench target, `RISK_BLOCKS` blocks per connection count: in each, the default
 * policy and the demo risk policy take turns on the same service, default-risk-risk-default, each turn
 * `seconds / 2` of the same kind of traffic (`habitualBodies`: each card from its own browser and network; the
 * default turns on `defaultCards`, the risk turns on `riskCards`, whose habits are seeded first), and the ratio is
 * all the risk turns' requests over all the default turns'. Taking turns within one block is what makes the ratio
 * mean something on this machine: the same fixed CPU work took 32–58 ms from one run to the next on an idle 2-vCPU
 * VM (docs/performance.md, "The risk policy's AReq"), so two phases minutes apart compare the machine's moods, not
 * the policies. A block ends within the first-CReq timeout (30 s) of its first challenge, so the sweeper of
 * abandoned challenges never runs inside one; `settle` waits for it before each block. `measure` measures a turn
 * as bench/run.ts measures its phases. Challenge-everything is in force again afterwards.
 */
export async function riskPhase(
  databaseUrl: string,
  serviceUrl: string,
  defaultCards: readonly BenchCard[],
  cards: readonly BenchCard[],
  seconds: number,
  connections: readonly number[],
  measure: (load: () => Promise<LoadResult>) => Promise<Phase>,
): Promise<RiskPhaseFigures> {
  const db = openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 1 });
  const bodies = habitualBodies(cards); // one pass over the cards for all the turns: at most 5 AReqs per card
  const defaultBodies = habitualBodies(defaultCards);
  const turn = Math.max(1, Math.round(seconds / 2));
  const challengeAll = {
    name: 'すべての取引で認証',
    nameEn: 'Challenge every purchase',
    body: CHALLENGE_ALL_POLICY,
    termsVersionId: null,
  };
  try {
    const habitual = await seedHabits(db, serviceUrl, cards);
    const now = new Date();
    const terms = await rbaTermsInForce(db, now, `terms_bench_rba_${now.getTime()}`);
    const useRisk = async () => {
      await activateDemoRiskPolicy(db, terms, new Date());
      await policyReread(() => loadAReq(serviceUrl, [...cards], 10, 1, '/3ds/areq', bodies));
    };
    const useDefault = async () => {
      await activateRiskPolicy(db, challengeAll, new Date());
      await policyReread(() => loadAReq(serviceUrl, [...defaultCards], 10, 1, '/3ds/areq', defaultBodies));
    };
    const areq: Phase[] = [];
    const defaults: Phase[] = [];
    let quiet = true;
    for (const n of connections) {
      const byPolicy: { default: Phase[]; risk: Phase[] } = { default: [], risk: [] };
      const defaultTurn = async () =>
        byPolicy.default.push(
          await measure(() => loadAReq(serviceUrl, [...defaultCards], n, turn, '/3ds/areq', defaultBodies)),
        );
      const riskTurn = async () =>
        byPolicy.risk.push(await measure(() => loadAReq(serviceUrl, [...cards], n, turn, '/3ds/areq', bodies)));
      for (let block = 0; block < RISK_BLOCKS; block++) {
        quiet = (await settle(serviceUrl)) && quiet;
        // default, risk, risk, default: the turns' mean places in the block are the same for both policies, so a
        // drift over the block (the tables growing, the machine warming) weighs on neither
        await defaultTurn();
        await useRisk();
        await riskTurn();
        await riskTurn();
        await useDefault();
        await defaultTurn();
      }
      defaults.push(combined(byPolicy.default));
      areq.push(combined(byPolicy.risk));
    }
    return {
      areq,
      defaults,
      habitual: { cards: habitual, of: cards.length },
      quiet,
      ratios: areq.map((a, i) => {
        const base = defaults[i]?.requests ?? 0;
        return { connections: a.connections, ratio: base ? Math.round((a.requests / base) * 1000) / 1000 : 0 };
      }),
    };
  } finally {
    await db.destroy();
  }
}

/**
 * Blocks per connection count. The machine's speed wanders by a third from one ten-second stretch to the next
 * (docs/risk.md "Bench"); three blocks, each taking turns, leave a third of what one such stretch can do to the
 * ratio (two blocks: one run in three missed the target by up to 5 points with the mean above it).
 */
export const RISK_BLOCKS = 3;

/** Turns of one policy as one phase: requests and answers summed, rate and p50 averaged, the worse p99. */
function combined(turns: readonly Phase[]): Phase {
  const requests = turns.reduce((n, t) => n + t.requests, 0);
  const statuses: Record<string, number> = {};
  for (const t of turns) for (const [k, n] of Object.entries(t.statuses)) statuses[k] = (statuses[k] ?? 0) + n;
  const statements = turns.every((t) => t.statementsPerRequest !== null)
    ? Math.round((turns.reduce((n, t) => n + (t.statementsPerRequest ?? 0) * t.requests, 0) / requests) * 10) / 10
    : null;
  return {
    connections: turns[0]?.connections ?? 0,
    rps: Math.round(turns.reduce((n, t) => n + t.rps, 0) / turns.length),
    p50Ms: Math.round((turns.reduce((n, t) => n + t.p50Ms, 0) / turns.length) * 10) / 10,
    p99Ms: Math.max(...turns.map((t) => t.p99Ms)),
    requests,
    errors: turns.reduce((n, t) => n + t.errors, 0),
    statuses,
    statementsPerRequest: statements,
  };
}

/**
 * Waits until the challenges abandoned by earlier load have timed out (FIRST_CREQ_TIMEOUT_MS) and the sweeper
 * has ended them (each with an RReq): then the service sends fewer than 50 statements a second (its idle jobs send
 * about 20). The default policy's phases run on such a quiet service (bench/run.ts runs the challenge phase first
 * for that).
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
  const turns = r.defaults ? ', taking turns with the default policy on the same service' : '';
  return [
    `- AReq→ARes with the demo risk policy active, ${dialect}${habit}${turns}${quiet}:`,
    ...r.areq.map((a) => {
      const base = r.defaults?.find((d) => d.connections === a.connections);
      const against = base ? ` (default policy's turns: ${base.rps} req/s, p99 ${base.p99Ms} ms)` : '';
      const ratio = r.ratios.find((x) => x.connections === a.connections)?.ratio ?? 0;
      const mix = ['Y', 'C', 'N'].map((s) => a.statuses[`transStatus=${s}`] ?? 0).join('/');
      const other = Object.entries(a.statuses)
        .filter(([k]) => !['transStatus=Y', 'transStatus=C', 'transStatus=N'].includes(k))
        .map(([k, n]) => `, ${k} ${n}`)
        .join('');
      const statements = a.statementsPerRequest ?? 'n/a';
      const share = `${Math.round(ratio * 1000) / 10}% of the default policy${against}`;
      return (
        `  - @${a.connections}: ${a.rps} req/s, p99 ${a.p99Ms} ms, ${statements} statements/req, ` +
        `answers Y/C/N ${mix}${other}; ${share} (target ≥ 90%: ${ratio >= 0.9 ? 'met' : 'not met'})`
      );
    }),
  ];
}
