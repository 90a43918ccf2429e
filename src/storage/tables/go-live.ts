import type { ColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** An SMS test send from the go-live checklist (migration 0016_go_live_sms_tests); the phone is sealed. */
export interface GoLiveSmsTestsTable {
  id: string;
  sms_id: string;
  operator_id: string;
  phone_enc: string;
  phone_masked: string;
  provider: string;
  ok: boolean;
  error: string | null;
  created_at: Timestamp;
}

export type GoLiveSmsTestRow = Selectable<GoLiveSmsTestsTable>;

declare module '../schema.ts' {
  interface Database {
    go_live_sms_tests: GoLiveSmsTestsTable;
  }
}
