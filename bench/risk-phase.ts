// The AReq phase with the demo risk policy active (issue #20 "Done when": within 10 % of the default policy's
// throughput). Run by bench/run.ts on PostgreSQL after the default AReq and open-loop phases, same load.
import { CHALLENGE_ALL_POLICY } from '../src/core/risk/policies.ts';
import { RISK_POLICY_REFRESH_MS } from '../src/features/risk/policy.ts';
import { openDatabase } from '../src/storage/database.ts';
import { activateDemoRiskPolicy, activateRiskPolicy, rbaTermsInForce } from '../test/risk/support.ts';
import type { LoadResult } from './load.ts';

/** One closed-loop phase as bench/run.ts measures it (only what the risk lines print). */
type Phase = LoadResult & { statementsPerRequest: number | null };

export interface RiskPhaseFigures {
  /** The demo risk policy active: the same connections as the default AReq phases. */
  areq: Phase[];
  /** Throughput under the risk policy over the default policy's, per connection count (target ≥ 0.9). */
  ratios: { connections: number; ratio: number }[];
}

/**
 * Activates the demo risk policy in the service's database as two admins would (terms in force, four-eyes),
 * waits until the service has reread it (`warmUp`: a short load), runs one phase per connection count of the
 * default phases, then puts challenge-everything back so later phases run as before. `run` is one phase measured as bench/run.ts measures the default ones.
 */
export async function riskPhase(
  databaseUrl: string,
  defaults: readonly Phase[],
  run: (connections: number) => Promise<Phase>,
  warmUp: () => Promise<unknown>,
): Promise<RiskPhaseFigures> {
  const db = openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 1 });
  try {
    const now = new Date();
    await activateDemoRiskPolicy(db, await rbaTermsInForce(db, now, `terms_bench_rba_${now.getTime()}`), now);
    await policyReread(warmUp);
    const areq: Phase[] = [];
    for (const d of defaults) areq.push(await run(d.connections));
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
      ratios: areq.map((a) => {
        const base = defaults.find((d) => d.connections === a.connections)?.rps ?? 0;
        return { connections: a.connections, ratio: base ? Math.round((a.rps / base) * 1000) / 1000 : 0 };
      }),
    };
  } finally {
    await db.destroy();
  }
}

/** A node rereads its policy on the first AReq after RISK_POLICY_REFRESH_MS: wait, then send some load. */
async function policyReread(warmUp: () => Promise<unknown>): Promise<void> {
  await new Promise((r) => setTimeout(r, RISK_POLICY_REFRESH_MS + 500));
  await warmUp();
}

/** The report's lines: each phase with its answers, and the ratio to the default policy (target within 10 %). */
export function riskLines(dialect: string, r: RiskPhaseFigures): string[] {
  return [
    `- AReq→ARes with the demo risk policy active, ${dialect}:`,
    ...r.areq.map((a) => {
      const ratio = r.ratios.find((x) => x.connections === a.connections)?.ratio ?? 0;
      const answers = Object.entries(a.statuses)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
      return `  - @${a.connections}: ${a.rps} req/s, p99 ${a.p99Ms} ms, ${a.statementsPerRequest ?? 'n/a'} statements/req (${answers}); ${Math.round(ratio * 1000) / 10}% of the default policy (target ≥ 90%: ${ratio >= 0.9 ? 'met' : 'not met'})`;
    }),
  ];
}
