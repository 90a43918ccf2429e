import type { Executor } from '../database.ts';
import type { RiskBacktestRow } from '../tables/risk-backtest.ts';

/** Backtest runs (migration 0021): written once, with their figures, by src/features/risk/backtest.ts. */

export interface NewBacktestRun {
  id: string;
  policyId: string;
  policyVersion: number;
  days: number;
  from: Date;
  to: Date;
  replayed: number;
  capped: boolean;
  figures: unknown;
  runBy: string;
  runAt: Date;
}

export async function insertBacktestRun(db: Executor, r: NewBacktestRun): Promise<void> {
  await db
    .insertInto('risk_backtests')
    .values({
      id: r.id,
      policy_id: r.policyId,
      policy_version: r.policyVersion,
      days: r.days,
      from_at: r.from,
      to_at: r.to,
      replayed: r.replayed,
      capped: r.capped,
      figures: JSON.stringify(r.figures),
      run_by: r.runBy,
      run_at: r.runAt,
    })
    .execute();
}

/** The latest runs, newest first (the figures left out: the list shows the run, its page the figures). */
export async function recentBacktestRuns(db: Executor, limit: number) {
  return db
    .selectFrom('risk_backtests')
    .select(['id', 'policy_id', 'policy_version', 'days', 'from_at', 'to_at', 'replayed', 'capped', 'run_by', 'run_at'])
    .orderBy('run_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function backtestRun(db: Executor, id: string): Promise<RiskBacktestRow | undefined> {
  return db.selectFrom('risk_backtests').selectAll().where('id', '=', id).executeTakeFirst();
}
