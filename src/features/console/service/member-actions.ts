import type { ServiceDeps } from '../../../app/deps.ts';
import { DEREGISTRATION_REASONS, type DeregistrationReason } from '../../../core/enrollment.ts';
import { ServiceError } from '../../../core/errors.ts';
import { RESULTS } from '../../../core/transaction-state.ts';
import { newId } from '../../../infra/ids.ts';
import { type Executor, type Trx, withTransaction } from '../../../storage/database.ts';
import {
  hasPendingApproval,
  insertDeregistrationRequest,
  listApprovalRows,
  lockApproval,
  recordDecision,
} from '../../../storage/repositories/approvals.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import { memberEnrollment } from '../../../storage/repositories/members.ts';
import { hasCurrentBinding } from '../../../storage/repositories/phone-bindings.ts';
import { endOpenChallengesForMember } from '../../authentication/challenge/end.ts';
import { applyEnrollmentEvent } from '../../enrollment/enrollment.ts';
import { actorOf, CONFIRMATION_METHODS, type ConfirmationMethod, type Principal } from './roles.ts';

export interface ConsoleDeps extends ServiceDeps {
  /** Wakes the job worker so RReqs of ended challenges go out now. */
  kick: () => void;
}

/** terms art. 8-1-3/4/5 are judgements about the member, so a second operator must approve them. */
const FOUR_EYES_REASONS: readonly DeregistrationReason[] = ['8-1-3', '8-1-4', '8-1-5'];

function asReason(value: string): DeregistrationReason {
  const r = DEREGISTRATION_REASONS.find((x) => x === value);
  if (!r) throw new ServiceError('invalid', 'unknown reason code', 'reason');
  return r;
}

function requireNote(note: string): string {
  const t = note.trim();
  if (t === '' || t.length > 1000)
    throw new ServiceError('invalid', 'a note (up to 1000 characters) is required', 'note');
  return t;
}

/** terms art. 2-2: only the issuer lifts a lost/stolen lock, after confirming the member's identity. */
export async function liftLock(
  deps: ConsoleDeps,
  by: Principal,
  enetId: string,
  method: string,
  note: string,
): Promise<void> {
  if (!(CONFIRMATION_METHODS as readonly string[]).includes(method))
    throw new ServiceError('invalid', 'identity confirmation method required', 'method');
  const text = `identity confirmed by ${method as ConfirmationMethod}: ${requireNote(note)}`;
  const at = deps.clock.now();
  await withTransaction(deps.db, (trx) =>
    applyEnrollmentEvent(trx, { enetId, event: { type: 'lock_lifted' }, actor: actorOf(by), note: text, at }),
  );
}

export async function restrictMember(
  deps: ConsoleDeps,
  by: Principal,
  enetId: string,
  reason: string,
  note: string,
): Promise<void> {
  const code = asReason(reason);
  const text = requireNote(note);
  const at = deps.clock.now();
  await withTransaction(deps.db, async (trx) => {
    await applyEnrollmentEvent(trx, {
      enetId,
      event: { type: 'restricted', reason: code },
      actor: actorOf(by),
      note: text,
      at,
    });
    await endOpenChallengesForMember(trx, deps.keys, enetId, RESULTS.lockedDuringChallenge, at);
  });
  deps.kick();
}

export async function reinstateMember(deps: ConsoleDeps, by: Principal, enetId: string, note: string): Promise<void> {
  const text = requireNote(note);
  const at = deps.clock.now();
  await withTransaction(deps.db, async (trx) => {
    const hasPhone = await hasCurrentBinding(trx, enetId);
    await applyEnrollmentEvent(trx, {
      enetId,
      event: { type: 'reinstated', hasPhone },
      actor: actorOf(by),
      note: text,
      at,
    });
  });
}

async function deregisterNow(
  deps: ConsoleDeps,
  trx: Trx,
  actor: string,
  enetId: string,
  reason: DeregistrationReason,
  note: string,
  at: Date,
) {
  await applyEnrollmentEvent(trx, { enetId, event: { type: 'deregistered', reason }, actor, note, at });
  await endOpenChallengesForMember(trx, deps.keys, enetId, RESULTS.lockedDuringChallenge, at);
}

/** Deregisters at once (8-1-1, 8-1-2: facts from the card system) or files a request for a second operator. */
export async function requestDeregistration(
  deps: ConsoleDeps,
  by: Principal,
  enetId: string,
  reason: string,
  note: string,
): Promise<{ pendingId?: string }> {
  const code = asReason(reason);
  const text = requireNote(note);
  const at = deps.clock.now();
  if (!FOUR_EYES_REASONS.includes(code)) {
    await withTransaction(deps.db, (trx) => deregisterNow(deps, trx, actorOf(by), enetId, code, text, at));
    deps.kick();
    return {};
  }
  const id = newId('apr', at.getTime());
  await withTransaction(deps.db, async (trx) => {
    if (!(await memberEnrollment(trx, enetId))) throw new ServiceError('not_found', 'member not found', 'enetId');
    if (await hasPendingApproval(trx, enetId))
      throw new ServiceError('conflict', 'a request is already pending for this member');
    await insertDeregistrationRequest(trx, {
      id,
      enetId,
      reasonCode: code,
      note: text,
      requestedBy: by.id,
      requestedAt: at,
    });
    await appendAudit(trx, {
      actor: actorOf(by),
      action: 'console.deregistration_requested',
      subjectType: 'member',
      subjectId: enetId,
      reason: text,
      after: { approval: id, reason: code },
      at,
    });
  });
  return { pendingId: id };
}

/** The second operator's decision; the requester can never decide their own request (also a DB check). */
export async function decideApproval(
  deps: ConsoleDeps,
  by: Principal,
  approvalId: string,
  decision: 'approved' | 'rejected',
  note: string,
): Promise<void> {
  const at = deps.clock.now();
  const text = note.trim().slice(0, 1000);
  await withTransaction(deps.db, async (trx) => {
    const req = await lockApproval(trx, approvalId);
    // Range deletions are decided on the card range screen (src/features/issuer-api/console/).
    if (req?.kind !== 'deregister' || req.enet_id === null) throw new ServiceError('not_found', 'no such request');
    const enetId = req.enet_id;
    if (req.status !== 'pending') throw new ServiceError('conflict', 'already decided');
    if (req.requested_by === by.id)
      throw new ServiceError('forbidden', 'the requester cannot approve their own request');
    await recordDecision(trx, approvalId, { status: decision, by: by.id, at, note: text || null });
    await appendAudit(trx, {
      actor: actorOf(by),
      action: `console.deregistration_${decision}`,
      subjectType: 'member',
      subjectId: enetId,
      reason: text || null,
      before: { approval: approvalId, status: 'pending', requestedBy: req.requested_by },
      after: { status: decision },
      at,
    });
    if (decision === 'approved')
      await deregisterNow(
        deps,
        trx,
        actorOf(by),
        enetId,
        asReason(req.reason_code),
        `${req.note} (approved ${approvalId})`,
        at,
      );
  });
  if (decision === 'approved') deps.kick();
}

export async function listApprovals(db: Executor, status: 'pending' | 'all') {
  return listApprovalRows(db, status);
}
