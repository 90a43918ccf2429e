import type { ColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A backtest run (migration 0021_risk_backtest_shadow, docs/risk.md "Backtest"); `figures` is BacktestFigures. */
export interface RiskBacktestsTable {
  id: string;
  policy_id: string;
  policy_version: number;
  days: number;
  from_at: Timestamp;
  to_at: Timestamp;
  replayed: number;
  capped: boolean;
  figures: ColumnType<unknown, string, string>;
  run_by: string;
  run_at: Timestamp;
}

/** The draft policy in shadow: at most one row (a unique index on a constant). */
export interface RiskShadowTable {
  policy_id: string;
  since: Timestamp;
  set_by: string;
}

export type RiskBacktestRow = Selectable<RiskBacktestsTable>;

declare module '../schema.ts' {
  interface Database {
    risk_backtests: RiskBacktestsTable;
    risk_shadow: RiskShadowTable;
  }
}
