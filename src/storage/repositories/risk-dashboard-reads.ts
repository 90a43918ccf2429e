import { sql } from 'kysely';
import type { Executor } from '../database.ts';

/** Risk decisions of one Japan-time day (`YYYY-MM-DD`). */
export interface RiskDecisionDay {
  day: string;
  frictionless: number;
  challenge: number;
  refuse: number;
}

/**
 * The console's risk dashboard (src/features/risk/console/dashboard.tsx): risk decisions per JST day since `since`,
 * in one aggregate statement over `transactions_created`. Only AReqs the risk step assessed count (risk_decision
 * set: the decision table would have challenged them); days without any are absent.
 */
export async function riskDecisionsPerDay(db: Executor, since: Date): Promise<RiskDecisionDay[]> {
  const r = await sql<{ day: string; frictionless: string; challenge: string; refuse: string }>`
    select to_char(created_at at time zone 'Asia/Tokyo', 'YYYY-MM-DD') as day,
      count(*) filter (where risk_decision = 'frictionless') as frictionless,
      count(*) filter (where risk_decision = 'challenge') as challenge,
      count(*) filter (where risk_decision = 'refuse') as refuse
    from transactions where created_at >= ${since} and risk_decision is not null
    group by 1 order by 1`.execute(db);
  return r.rows.map((x) => ({
    day: x.day,
    frictionless: Number(x.frictionless),
    challenge: Number(x.challenge),
    refuse: Number(x.refuse),
  }));
}
