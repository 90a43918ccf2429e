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
  /** The bounds as the operator sent them (13–19 digits); pan_low/pan_high are them padded to 19 digits. */
  start_range: string;
  end_range: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** One row: bumped by every card range change (nodes compare it to know their cache is stale). */
export interface CardRangeGenerationTable {
  singleton: ColumnType<boolean, boolean | undefined, never>;
  generation: number;
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
  /** The risk facts triggers keep (migration 0029_member_risk_facts); no writer sets them. */
  risk_phone_changed_at: ColumnType<Date | null, never, never>;
  risk_lost_stolen: ColumnType<boolean, never, never>;
  risk_open_cases: ColumnType<number, never, never>;
  risk_trusted_merchants: ColumnType<string[], never, never>;
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
  /** Digest of the first browser CReq (migration 0010): a repeat with other content is Erro 305. */
  creq_digest: string | null;
  /**
   * The AReq's own log (migration 0018), written once by its group commit and read through the `message_log` and
   * `transaction_event_log` views: the opening event's state and detail, the AReq and ARes as message-log rows.
   */
  opening_state: ColumnType<string | null, string | null | undefined, never>;
  opening_detail: ColumnType<string | null, string | null | undefined, never>;
  /** The AReq's body as stored JSON text (the `message_log` view gives it as json). */
  areq_body: ColumnType<string | null, string | null | undefined, never>;
  areq_pan_enc: ColumnType<string | null, string | null | undefined, string | null>;
  areq_personal_enc: ColumnType<string | null, string | null | undefined, string | null>;
  ares_body: ColumnType<string | null, string | null | undefined, never>;
  ares_personal_enc: ColumnType<string | null, string | null | undefined, string | null>;
  /** Risk facts and assessment of the AReq (migration 0020, docs/risk.md); MACs are keyed, never raw values. */
  risk_device_mac: string | null;
  risk_ip_range_mac: string | null;
  risk_merchant_mac: string | null;
  risk_amount_yen: ColumnType<string | number | null, number | null | undefined, number | null>;
  risk_language: string | null;
  risk_score: number | null;
  risk_decision: 'frictionless' | 'challenge' | 'refuse' | null;
  risk_rule: string | null;
  /** The assessment's reasons, [{signal, points}] (src/core/risk/types.ts RiskReason). */
  risk_reasons: ColumnType<unknown, string | null | undefined, string | null>;
  risk_policy_version: number | null;
  /** The shadow policy's assessment, recorded without deciding (migration 0021, docs/risk.md "Shadow mode"). */
  risk_shadow_decision: 'frictionless' | 'challenge' | 'refuse' | null;
  risk_shadow_score: number | null;
  risk_shadow_rule: string | null;
  risk_shadow_policy_version: number | null;
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
  /** The cardholder fields, sealed together (src/infra/crypto/sealed-message.ts). */
  personal_enc: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}

export interface OtpCodesTable {
  id: string;
  purpose: 'purchase' | 'phone_registration' | 'passkey_registration';
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
  /** MAC of the first Method page's one-time collect token (migration 0010). */
  collect_mac: string | null;
  collected_at: Timestamp | null;
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
  card_range_generation: CardRangeGenerationTable;
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
  /** View (migration 0018): `messages` plus each transaction's AReq/ARes pair. Read-only. */
  message_log: MessagesTable;
  /** View (migration 0018): `transaction_events` plus each transaction's opening event (id 0). Read-only. */
  transaction_event_log: TransactionEventsTable;
  otp_codes: OtpCodesTable;
  method_data: MethodDataTable;
  jobs: JobsTable;
  job_attempts: JobAttemptsTable;
  sms_messages: SmsMessagesTable;
  emails: EmailsTable;
  rate_counters: RateCountersTable;
  cavv_uses: CavvUsesTable;
}

export type MemberRow = Selectable<MembersTable>;
export type CardRow = Selectable<CardsTable>;
export type PhoneBindingRow = Selectable<PhoneBindingsTable>;
export type TransactionRow = Selectable<TransactionsTable>;
export type NewTransaction = Insertable<TransactionsTable>;
export type TransactionUpdate = Updateable<TransactionsTable>;
export type JobRow = Selectable<JobsTable>;

export type {
  OperatorRole,
  OperatorRow,
  OperatorsTable,
  PendingApprovalRow,
  PendingApprovalsTable,
} from './tables/console.ts';
export type { PasskeyCeremoniesTable, PasskeyCeremonyRow, PasskeyRow, PasskeysTable } from './tables/passkeys.ts';
export type {
  FraudReportsTable,
  FraudReportTransactionsTable,
  PhoneChangesTable,
  PhoneRegistrationAttemptRow,
  PhoneRegistrationAttemptsTable,
  PortalCredentialsTable,
  PortalLinksTable,
  SessionRow,
  SessionsTable,
  TermsConsentsTable,
  TermsVersionRow,
  TermsVersionsTable,
} from './tables/portal.ts';
export type { SpcCredentialsTable } from './tables/spc.ts';
