/** Member portal tables (migration 0002_portal). */
import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

/** A member's portal password (scrypt, see src/infra/crypto/password.ts); no row = first-time setup not done. */
export interface PortalCredentialsTable {
  enet_id: string;
  password_hash: string;
  password_set_at: Timestamp;
  created_at: CreatedAt;
}

/** Emailed single-use links for first-time setup and password reset; only the token's MAC is stored. */
export interface PortalLinksTable {
  id: string;
  token_mac: string;
  enet_id: string;
  purpose: 'setup' | 'reset';
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/**
 * Server-side sessions; every session table (portal, later the console) has this shape so
 * src/app/http/session.ts serves them all. The session id is stored only as a MAC.
 */
export interface SessionsTable {
  id_mac: string;
  public_id: string;
  subject: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  reauth_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_reason: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface PhoneRegistrationAttemptsTable {
  id: string;
  enet_id: string;
  session_mac: string;
  kind: 'register' | 'change';
  phone_mac: string;
  phone_enc: string;
  phone_masked: string;
  terms_version_id: string | null;
  status: 'pending' | 'confirmed' | 'dead' | 'ended';
  sends: Generated<number>;
  failures: Generated<number>;
  last_sent_at: Timestamp | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  ended_at: Timestamp | null;
}

/** A member's phone change; frictionless decisions must not be taken before `cooldown_until`. */
export interface PhoneChangesTable {
  id: string;
  enet_id: string;
  binding_id: string;
  changed_at: Timestamp;
  cooldown_until: Timestamp;
}

export interface TermsVersionsTable {
  id: string;
  version: string;
  title: string;
  body: string;
  /** null while a draft (migration 0006). */
  published_at: Timestamp | null;
  effective_at: Timestamp;
  /** The version describes passkey use (migration 0019); passkeys are offered only under such a version. */
  covers_passkeys: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface TermsConsentsTable {
  id: string;
  enet_id: string;
  terms_version_id: string;
  accepted_at: Timestamp;
  ip: string | null;
}

export interface FraudReportsTable {
  id: string;
  reference: string;
  enet_id: string;
  reported_at: Timestamp;
  noticed_on: ColumnType<string, string, string>;
  description: string;
  contact_preference: 'email' | 'phone';
  status: ColumnType<string, string | undefined, string>;
}

export interface FraudReportTransactionsTable {
  report_id: string;
  acs_trans_id: string;
}

export type SessionRow = Selectable<SessionsTable>;
export type PhoneRegistrationAttemptRow = Selectable<PhoneRegistrationAttemptsTable>;
export type TermsVersionRow = Selectable<TermsVersionsTable>;

declare module '../schema.ts' {
  interface Database {
    portal_credentials: PortalCredentialsTable;
    portal_links: PortalLinksTable;
    portal_sessions: SessionsTable;
    phone_registration_attempts: PhoneRegistrationAttemptsTable;
    phone_changes: PhoneChangesTable;
    terms_versions: TermsVersionsTable;
    terms_consents: TermsConsentsTable;
    fraud_reports: FraudReportsTable;
    fraud_report_transactions: FraudReportTransactionsTable;
  }
}
