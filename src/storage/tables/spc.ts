/** Secure Payment Confirmation table (migration 0024_spc_credentials, docs/passkeys.md). */
import type { ColumnType } from 'kysely';

/** A passkey created as a payment credential (usable in SPC from a merchant's page). */
export interface SpcCredentialsTable {
  passkey_id: string;
  registered_at: ColumnType<Date, Date | string, Date | string>;
}

declare module '../schema.ts' {
  interface Database {
    spc_credentials: SpcCredentialsTable;
  }
}
