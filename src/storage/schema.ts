import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Timestamps read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string | T, string | T>;

export interface IssuersTable {
  id: string;
  name: string;
  name_en: string;
  created_at: CreatedAt;
}

export interface CardRangesTable {
  id: string;
  issuer_id: string;
  pan_low: string;
  pan_high: string;
  network: 'visa';
  created_at: CreatedAt;
}

export interface DataKeysTable {
  purpose: string;
  version: number;
  wrapped: string;
  created_at: CreatedAt;
}

export type Enrollment = 'not_enrolled' | 'enrolled' | 'locked' | 'restricted' | 'deregistered';

export interface MembersTable {
  enet_id: string;
  issuer_id: string;
  name: string;
  email: string;
  status: 'active' | 'suspended';
  enrollment: ColumnType<Enrollment, Enrollment | undefined, Enrollment>;
  enrollment_reason: string | null;
  enrollment_changed_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface EnrollmentEventsTable {
  id: string;
  enet_id: string;
  from_state: string;
  to_state: string;
  reason: string | null;
  actor: string;
  note: string | null;
  at: Timestamp;
}

export interface CardsTable {
  card_ref: string;
  enet_id: string;
  pan_enc: string;
  pan_mac: string;
  pan_first6: string;
  pan_last4: string;
  expiry: string;
  status: 'active' | 'closed';
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PhoneBindingsTable {
  id: string;
  enet_id: string;
  phone_enc: string;
  phone_mac: string;
  phone_masked: string;
  verified_by: 'sms_otp' | 'issuer_provisioned';
  bound_by: string;
  bound_at: Timestamp;
  unbound_at: Timestamp | null;
  unbound_by: string | null;
  unbound_reason: string | null;
}

export interface StatementNoticesTable {
  id: string;
  enet_id: string;
  notice_date: ColumnType<string, string, string>;
  channel: 'email' | 'post';
  created_at: CreatedAt;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  token_mac: string;
  scopes: string;
  created_by: string;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface AuditLogTable {
  seq: Generated<number>;
  id: string;
  at: Timestamp;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  reason: string | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface TransactionsTable {
  acs_trans_id: string;
  three_ds_server_trans_id: string;
  ds_trans_id: string | null;
  sdk_trans_id: string | null;
  message_version: string;
  device_channel: string;
  message_category: string;
  issuer_id: string | null;
  card_ref: string | null;
  enet_id: string | null;
  state: string;
  trans_status: string | null;
  trans_status_reason: string | null;
  eci: string | null;
  cavv: string | null;
  challenge_cancel: string | null;
  authentication_type: string | null;
  merchant_name: string | null;
  purchase_amount: string | null;
  purchase_currency: string | null;
  purchase_exponent: string | null;
  purchase_date: string | null;
  notification_url: string | null;
  rreq_url: string | null;
  challenge_window_size: string | null;
  browser_ip: string | null;
  browser_user_agent: string | null;
  browser_language: string | null;
  three_ds_comp_ind: string | null;
  form_nonce: string | null;
  session_data: string | null;
  interaction_count: Generated<number>;
  otp_failures: Generated<number>;
  otp_sends: Generated<number>;
  last_otp_sent_at: Timestamp | null;
  deadline_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TransactionEventsTable {
  id: Generated<number>;
  acs_trans_id: string;
  at: Timestamp;
  from_state: string | null;
  to_state: string;
  detail: string | null;
}

export interface MessagesTable {
  id: string;
  acs_trans_id: string | null;
  three_ds_server_trans_id: string | null;
  ds_trans_id: string | null;
  direction: 'in' | 'out';
  message_type: string;
  body: Json<Record<string, unknown>>;
  pan_enc: string | null;
  created_at: Timestamp;
}

export interface OtpCodesTable {
  id: string;
  purpose: 'purchase' | 'phone_registration';
  subject: string;
  code_mac: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  superseded_at: Timestamp | null;
}

export interface MethodDataTable {
  three_ds_server_trans_id: string;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export interface JobsTable {
  id: string;
  kind: string;
  payload: Json<Record<string, unknown>>;
  status: 'pending' | 'done' | 'dead';
  attempts: Generated<number>;
  run_at: Timestamp;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  done_at: Timestamp | null;
}

export interface JobAttemptsTable {
  id: Generated<number>;
  job_id: string;
  at: Timestamp;
  outcome: string;
  detail: string | null;
}

export interface SmsMessagesTable {
  id: string;
  to_mac: string;
  to_enc: string;
  to_masked: string;
  body_enc: string;
  purpose: string;
  acs_trans_id: string | null;
  provider: string | null;
  provider_message_id: string | null;
  status: 'queued' | 'sent' | 'delivered' | 'failed';
  error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EmailsTable {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  purpose: string;
  provider: string | null;
  provider_message_id: string | null;
  status: 'queued' | 'sent' | 'failed';
  error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RateCountersTable {
  key: string;
  window_start: Timestamp;
  count: number;
}

export interface CavvUsesTable {
  cavv_mac: string;
  acs_trans_id: string;
  first_verified_at: Timestamp;
}

export interface Database {
  issuers: IssuersTable;
  card_ranges: CardRangesTable;
  data_keys: DataKeysTable;
  members: MembersTable;
  enrollment_events: EnrollmentEventsTable;
  cards: CardsTable;
  phone_bindings: PhoneBindingsTable;
  statement_notices: StatementNoticesTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  transactions: TransactionsTable;
  transaction_events: TransactionEventsTable;
  messages: MessagesTable;
  otp_codes: OtpCodesTable;
  method_data: MethodDataTable;
  jobs: JobsTable;
  job_attempts: JobAttemptsTable;
  sms_messages: SmsMessagesTable;
  emails: EmailsTable;
  rate_counters: RateCountersTable;
  cavv_uses: CavvUsesTable;
  // ── member portal (migration 0002_portal) ──
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

export type MemberRow = Selectable<MembersTable>;
export type CardRow = Selectable<CardsTable>;
export type PhoneBindingRow = Selectable<PhoneBindingsTable>;
export type TransactionRow = Selectable<TransactionsTable>;
export type NewTransaction = Insertable<TransactionsTable>;
export type TransactionUpdate = Updateable<TransactionsTable>;
export type JobRow = Selectable<JobsTable>;

// ── member portal (migration 0002_portal) ─────────────────────────────────────────────────────────────

/** A member's portal password (scrypt, see src/crypto/password.ts); no row = first-time setup not done. */
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
 * src/web/shared/session.ts serves them all. The session id is stored only as a MAC.
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
  published_at: Timestamp;
  effective_at: Timestamp;
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

export type {
  OperatorRole,
  OperatorRow,
  OperatorsTable,
  PendingApprovalRow,
  PendingApprovalsTable,
} from './tables/console.ts';
