import type { Executor } from '../database.ts';
import type { PendingApprovalRow } from '../schema.ts';

/** Four-eyes requests (terms art. 8-1-3/4/5 deregistration); the approver must differ from the requester. */

export async function hasPendingApproval(db: Executor, enetId: string): Promise<boolean> {
  const row = await db
    .selectFrom('pending_approvals')
    .select('id')
    .where('enet_id', '=', enetId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row !== undefined;
}

export interface NewApproval {
  id: string;
  enetId: string;
  reasonCode: string;
  note: string;
  requestedBy: string;
  requestedAt: Date;
}

export async function insertDeregistrationRequest(db: Executor, a: NewApproval): Promise<void> {
  await db
    .insertInto('pending_approvals')
    .values({
      id: a.id,
      kind: 'deregister',
      enet_id: a.enetId,
      reason_code: a.reasonCode,
      note: a.note,
      requested_by: a.requestedBy,
      requested_at: a.requestedAt,
      status: 'pending',
      decided_by: null,
      decided_at: null,
      decision_note: null,
    })
    .execute();
}

/** Locks the request for the rest of the transaction (two deciders queue). */
export async function lockApproval(db: Executor, id: string): Promise<PendingApprovalRow | undefined> {
  return db.selectFrom('pending_approvals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function recordDecision(
  db: Executor,
  id: string,
  d: { status: 'approved' | 'rejected'; by: string; at: Date; note: string | null },
): Promise<void> {
  await db
    .updateTable('pending_approvals')
    .set({ status: d.status, decided_by: d.by, decided_at: d.at, decision_note: d.note })
    .where('id', '=', id)
    .execute();
}

/** The newest 100 deregistration requests (or only the pending ones) with the requester's username. */
export async function listApprovalRows(db: Executor, status: 'pending' | 'all') {
  let q = db
    .selectFrom('pending_approvals')
    .innerJoin('operators', 'operators.id', 'pending_approvals.requested_by')
    .select([
      'pending_approvals.id',
      'enet_id',
      'reason_code',
      'note',
      'requested_at',
      'status',
      'requested_by',
      'operators.username as requester',
      'decided_by',
      'decided_at',
    ]);
  q = q.where('kind', '=', 'deregister'); // range deletions are listed on the card range screen
  if (status === 'pending') q = q.where('status', '=', 'pending');
  return q.orderBy('requested_at', 'desc').limit(100).execute();
}

export async function approvalsOf(db: Executor, enetId: string): Promise<PendingApprovalRow[]> {
  return db
    .selectFrom('pending_approvals')
    .selectAll()
    .where('enet_id', '=', enetId)
    .orderBy('requested_at', 'desc')
    .execute();
}

export interface NewRangeDeletion {
  id: string;
  rangeId: string;
  note: string;
  requestedBy: string;
  requestedAt: Date;
}

export async function insertRangeDeletionRequest(db: Executor, a: NewRangeDeletion): Promise<void> {
  await db
    .insertInto('pending_approvals')
    .values({
      id: a.id,
      kind: 'delete_card_range',
      enet_id: null,
      range_id: a.rangeId,
      reason_code: 'delete_card_range',
      note: a.note,
      requested_by: a.requestedBy,
      requested_at: a.requestedAt,
      status: 'pending',
      decided_by: null,
      decided_at: null,
      decision_note: null,
    })
    .execute();
}

export async function hasPendingRangeDeletion(db: Executor, rangeId: string): Promise<boolean> {
  const row = await db
    .selectFrom('pending_approvals')
    .select('id')
    .where('kind', '=', 'delete_card_range')
    .where('range_id', '=', rangeId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row !== undefined;
}

/** Range deletion requests still waiting for a second admin, oldest first, with the requester's username. */
export async function pendingRangeDeletions(db: Executor) {
  return db
    .selectFrom('pending_approvals')
    .innerJoin('operators', 'operators.id', 'pending_approvals.requested_by')
    .select([
      'pending_approvals.id',
      'range_id',
      'note',
      'requested_at',
      'requested_by',
      'operators.username as requester',
    ])
    .where('kind', '=', 'delete_card_range')
    .where('status', '=', 'pending')
    .orderBy('requested_at')
    .execute();
}

export type OperatorReset = 'reset_password' | 'reset_totp';

export interface NewOperatorReset {
  id: string;
  operatorId: string;
  change: OperatorReset;
  note: string;
  requestedBy: string;
  requestedAt: Date;
}

/** Resetting another admin's password or TOTP waits for a second admin (migration 0017). */
export async function insertOperatorResetRequest(db: Executor, a: NewOperatorReset): Promise<void> {
  await db
    .insertInto('pending_approvals')
    .values({
      id: a.id,
      kind: 'reset_operator',
      enet_id: null,
      operator_id: a.operatorId,
      reason_code: a.change,
      note: a.note,
      requested_by: a.requestedBy,
      requested_at: a.requestedAt,
      status: 'pending',
      decided_by: null,
      decided_at: null,
      decision_note: null,
    })
    .execute();
}

export async function hasPendingOperatorReset(db: Executor, operatorId: string): Promise<boolean> {
  const row = await db
    .selectFrom('pending_approvals')
    .select('id')
    .where('kind', '=', 'reset_operator')
    .where('operator_id', '=', operatorId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row !== undefined;
}

/** Operator resets still waiting for a second admin, oldest first, with both usernames. */
export async function pendingOperatorResets(db: Executor) {
  return db
    .selectFrom('pending_approvals')
    .innerJoin('operators as requester', 'requester.id', 'pending_approvals.requested_by')
    .innerJoin('operators as target', 'target.id', 'pending_approvals.operator_id')
    .select([
      'pending_approvals.id',
      'pending_approvals.operator_id',
      'pending_approvals.reason_code',
      'pending_approvals.note',
      'pending_approvals.requested_at',
      'pending_approvals.requested_by',
      'requester.username as requester',
      'target.username as target',
    ])
    .where('pending_approvals.kind', '=', 'reset_operator')
    .where('pending_approvals.status', '=', 'pending')
    .orderBy('pending_approvals.requested_at')
    .execute();
}
