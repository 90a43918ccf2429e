/** Fraud investigation tables (migration 0005_investigations, issue #8, terms art. 5-3). */
import type { ColumnType, Selectable } from 'kysely';
import type { Question } from '../../core/investigation/liability-clauses.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A `date` column: read with `to_char(…, 'YYYY-MM-DD')` (drivers differ on dates), written as `YYYY-MM-DD`. */
type CalendarDate = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, string, string>;

export type CaseState = 'reported' | 'investigating' | 'awaiting_member' | 'proposed' | 'decided' | 'closed';
export type CaseSource = 'portal' | 'phone' | 'branch';
export type RelationValue = 'member' | 'related_person' | 'unrelated' | 'unknown';
export type DeliveryValue = RelationValue | 'not_applicable';
/** The investigator's questions, declared in src/core/investigation/liability-clauses.ts (checked by migration 0005). */
export type QuestionName = Question;
export type FindingValue = 'yes' | 'no' | 'unknown';
export type ApprovalState = 'not_required' | 'pending' | 'approved' | 'rejected';

export interface InvestigationCasesTable {
  id: string;
  reference: string;
  enet_id: string;
  source: CaseSource;
  fraud_report_id: string | null;
  state: CaseState;
  assignee_id: string | null;
  reported_at: Timestamp;
  summary: string;
  dispute_window_ends_on: CalendarDate | null;
  opened_by: string;
  opened_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
}

/** A disputed purchase: one we authenticated (acs_trans_id) or one described by the investigator. */
export interface InvestigationTransactionsTable {
  id: string;
  case_id: string;
  acs_trans_id: string | null;
  purchased_at: Timestamp | null;
  merchant_name: string | null;
  /** EMV purchaseAmount digits (minor units), purchaseCurrency (ISO 4217 numeric), purchaseExponent. */
  amount: string | null;
  currency: string | null;
  exponent: string | null;
  description: string | null;
  delivery_address: ColumnType<DeliveryValue, DeliveryValue | undefined, DeliveryValue>;
  delivery_note: string | null;
  origin: ColumnType<RelationValue, RelationValue | undefined, RelationValue>;
  origin_note: string | null;
  /** The originating phone number of a phone order (encrypted + MAC like phone_bindings; masked for screens). */
  origin_phone_enc: string | null;
  origin_phone_mac: string | null;
  origin_phone_masked: string | null;
}

/** The member's (or a related person's) home/work IP addresses and phone numbers (art. 5-3-6). */
export interface InvestigationContactsTable {
  id: string;
  case_id: string;
  kind: 'ip' | 'phone';
  place: 'home' | 'work';
  owner: 'member' | 'related_person';
  ip: string | null;
  phone_enc: string | null;
  phone_mac: string | null;
  phone_masked: string | null;
  note: string;
  added_by: string;
  added_at: Timestamp;
}

/** An investigator's answer to one of the engine's questions; the newest per question is in force. */
export interface InvestigationFindingsTable {
  id: string;
  case_id: string;
  question: QuestionName;
  finding: FindingValue;
  note: string;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface InvestigationNotesTable {
  id: string;
  case_id: string;
  kind: 'user_relation' | 'note';
  body: string;
  added_by: string;
  added_at: Timestamp;
}

export interface InvestigationCooperationTable {
  id: string;
  case_id: string;
  question: string;
  asked_by: string;
  asked_at: Timestamp;
  due_on: CalendarDate;
  answer: string | null;
  answered_at: Timestamp | null;
  answered_by: string | null;
}

/** Art. 5-3-8: war, earthquake or similar severe social disorder, declared in the console. */
export interface DisasterPeriodsTable {
  id: string;
  name: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  note: string;
  declared_by: string;
  declared_at: Timestamp;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
}

export interface InvestigationAttachmentsTable {
  id: string;
  case_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Uint8Array;
  description: string;
  uploaded_by: string;
  uploaded_at: Timestamp;
}

export interface InvestigationEvidenceTable {
  id: string;
  case_id: string;
  gathered_at: Timestamp;
  gathered_by: string;
  snapshot: Json<unknown>;
}

export interface InvestigationEventsTable {
  id: string;
  case_id: string;
  at: Timestamp;
  actor: string;
  kind: string;
  from_state: string | null;
  to_state: string | null;
  detail: string | null;
}

export interface InvestigationDecisionsTable {
  id: string;
  case_id: string;
  /** The engine's evaluation as it was shown when the decision was recorded. */
  evaluation: Json<unknown>;
  proposal_kind: 'blocked' | 'not_waived' | 'waived';
  outcome: 'waived' | 'not_waived';
  reasons: string;
  override_reason: string | null;
  disputed_total: string;
  approval_state: ApprovalState;
  decided_by: string;
  decided_at: Timestamp;
  approver_id: string | null;
  approved_at: Timestamp | null;
  approval_note: string | null;
  text_ja: string;
  text_en: string;
  effective_at: Timestamp | null;
  notified_at: Timestamp | null;
  superseded_at: Timestamp | null;
  superseded_reason: string | null;
}

export type InvestigationCaseRow = Selectable<InvestigationCasesTable>;
export type InvestigationTransactionRow = Selectable<InvestigationTransactionsTable>;
export type InvestigationDecisionRow = Selectable<InvestigationDecisionsTable>;
export type DisasterPeriodRow = Selectable<DisasterPeriodsTable>;

declare module '../schema.ts' {
  interface Database {
    investigation_cases: InvestigationCasesTable;
    investigation_transactions: InvestigationTransactionsTable;
    investigation_contacts: InvestigationContactsTable;
    investigation_findings: InvestigationFindingsTable;
    investigation_notes: InvestigationNotesTable;
    investigation_cooperation: InvestigationCooperationTable;
    disaster_periods: DisasterPeriodsTable;
    investigation_attachments: InvestigationAttachmentsTable;
    investigation_evidence: InvestigationEvidenceTable;
    investigation_events: InvestigationEventsTable;
    investigation_decisions: InvestigationDecisionsTable;
  }
}
