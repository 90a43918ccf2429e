/** Passkey tables (migration 0019_passkeys, docs/passkeys.md). */
import type { ColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A member's WebAuthn credential: looked up by the credential id's MAC, the id itself sealed. */
export interface PasskeysTable {
  id: string;
  enet_id: string;
  credential_mac: string;
  credential_enc: string;
  /** The COSE public key, base64url. */
  public_key: string;
  /** The authenticator's signature counter (bigint; 0 for authenticators that keep none). */
  counter: ColumnType<string | number, number | undefined, number>;
  /** Transports the browser reported at registration, comma-separated. */
  transports: ColumnType<string, string | undefined, string>;
  name: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  disabled_at: Timestamp | null;
  disabled_reason: string | null;
}

/** One registration or authentication ceremony: its challenge is single use. */
export interface PasskeyCeremoniesTable {
  id: string;
  kind: 'registration' | 'authentication';
  enet_id: string;
  session_mac: string | null;
  acs_trans_id: string | null;
  challenge: string;
  code_confirmed_at: Timestamp | null;
  failures: ColumnType<number, number | undefined, number>;
  /** Registration: codes sent for this ceremony and when the last went (the resend limits read them). */
  sends: ColumnType<number, number | undefined, number>;
  last_sent_at: Timestamp | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  passkey_id: string | null;
  /** Registration: the member asked for a payment passkey (SPC) when confirming the code (migration 0027). */
  payment: ColumnType<boolean, boolean | undefined, boolean>;
}

export type PasskeyRow = Selectable<PasskeysTable>;
export type PasskeyCeremonyRow = Selectable<PasskeyCeremoniesTable>;

declare module '../schema.ts' {
  interface Database {
    passkeys: PasskeysTable;
    passkey_ceremonies: PasskeyCeremoniesTable;
  }
}
