/** Table of migration 0015: bulk enrolment imports. */
import type { ColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Counter = ColumnType<number, number | undefined, number>;

/** One error of an imported line; never the line's values (PANs, phones), only where and why. */
export interface ImportLineError {
  line: number;
  field: string | null;
  code: string;
  message: string;
}

export interface ImportsTable {
  id: string;
  /** interrupted = the input stopped early (too large, idle, disconnected, stopped); resumable. */
  status: 'running' | 'completed' | 'interrupted';
  source: 'api' | 'cli';
  started_by: string;
  /** Every line up to this one is applied or recorded as failed. */
  committed_line: Counter;
  created: Counter;
  updated: Counter;
  unchanged: Counter;
  failed: Counter;
  /** The first IMPORT_ERRORS_KEPT errors; `failed` counts them all. */
  errors: ColumnType<ImportLineError[], string | undefined, string>;
  interruption: string | null;
  started_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

export type ImportRow = Selectable<ImportsTable>;

declare module '../schema.ts' {
  interface Database {
    imports: ImportsTable;
  }
}
