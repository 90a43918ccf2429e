import type { ColumnType, Generated, Selectable } from 'kysely';
import type { SessionsTable } from './portal.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

// ── back-office console (migration 0003_console) ──────────────────────────────────────────────────────

export type OperatorRole = 'admin' | 'operator' | 'investigator' | 'auditor';

/** A console operator; the TOTP secret is encrypted (`keys.encrypt(secret, 'totp')`), null until enrolled. */
export interface OperatorsTable {
  id: string;
  username: string;
  display_name: string;
  role: OperatorRole;
  password_hash: string;
  totp_secret_enc: string | null;
  totp_pending_enc: string | null;
  totp_last_step: ColumnType<string | number | null, number | null | undefined, number | null>;
  failed_attempts: Generated<number>;
  locked_until: Timestamp | null;
  disabled_at: Timestamp | null;
  /** Set when an admin or the CLI issued the password (migration 0017): only the change page until changed. */
  password_must_change: Generated<boolean>;
  password_changed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_by: string;
  created_at: Timestamp;
}

/**
 * Four-eyes requests: terms art. 8-1-3/4/5 deregistration (`enet_id`), deleting a card range (`range_id`) and
 * resetting another admin's password or TOTP (`operator_id`);
 * the approver must differ from the requester.
 */
export interface PendingApprovalsTable {
  id: string;
  kind: 'deregister' | 'delete_card_range' | 'reset_operator';
  enet_id: string | null;
  range_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** `reset_operator` (migration 0017): whose password or TOTP another admin asked to reset. */
  operator_id: ColumnType<string | null, string | null | undefined, string | null>;
  reason_code: string;
  note: string;
  requested_by: string;
  requested_at: Timestamp;
  status: 'pending' | 'approved' | 'rejected';
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
}

export type OperatorRow = Selectable<OperatorsTable>;
export type PendingApprovalRow = Selectable<PendingApprovalsTable>;

declare module '../schema.ts' {
  interface Database {
    operators: OperatorsTable;
    console_sessions: SessionsTable;
    pending_approvals: PendingApprovalsTable;
  }
}
