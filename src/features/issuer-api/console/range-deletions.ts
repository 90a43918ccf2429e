import type { ServiceDeps } from '../../../app/deps.ts';
import { ServiceError } from '../../../core/errors.ts';
import { newId } from '../../../infra/ids.ts';
import { withTransaction } from '../../../storage/database.ts';
import {
  hasPendingRangeDeletion,
  insertRangeDeletionRequest,
  lockApproval,
  pendingRangeDeletions,
  recordDecision,
} from '../../../storage/repositories/approvals.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import { cardRangeRow } from '../../../storage/repositories/card-ranges.ts';
import { actorOf, type Principal } from '../../console/service/roles.ts';
import { checkRangeId, deleteCardRange } from '../range-admin.ts';

/**
 * Deleting a card range from the console stops authentication for every card in it, so one admin requests it and
 * a second admin approves it (four-eyes, in `pending_approvals` like member deregistrations). The API and the CLI
 * delete at once: the issuer's systems and the operator at the shell are their own control.
 */

type Deps = Pick<ServiceDeps, 'db' | 'clock'>;

function requireNote(note: string): string {
  const text = note.trim();
  if (text === '' || text.length > 1000) throw new ServiceError('invalid', 'note: 1–1000 characters', 'note');
  return text;
}

export async function requestRangeDeletion(deps: Deps, by: Principal, rangeId: string, note: string): Promise<string> {
  checkRangeId(rangeId);
  const text = requireNote(note);
  const at = deps.clock.now();
  const id = newId('apr', at.getTime());
  await withTransaction(deps.db, async (trx) => {
    const range = await cardRangeRow(trx, rangeId);
    if (!range) throw new ServiceError('not_found', 'card range not found', 'rangeId');
    if (await hasPendingRangeDeletion(trx, rangeId))
      throw new ServiceError('conflict', 'a deletion of this range is already waiting for approval');
    await insertRangeDeletionRequest(trx, { id, rangeId, note: text, requestedBy: by.id, requestedAt: at });
    await appendAudit(trx, {
      actor: actorOf(by),
      action: 'console.card_range_deletion_requested',
      subjectType: 'card_range',
      subjectId: rangeId,
      reason: text,
      after: { approval: id, startRange: range.start_range, endRange: range.end_range },
      at,
    });
  });
  return id;
}

/** The second admin's decision; the requester can never decide their own request (also a database check). */
export async function decideRangeDeletion(
  deps: Deps,
  by: Principal,
  approvalId: string,
  decision: 'approved' | 'rejected',
  note: string,
): Promise<{ rangeId: string; deleted: boolean }> {
  const at = deps.clock.now();
  const text = note.trim().slice(0, 1000);
  return withTransaction(deps.db, async (trx) => {
    const req = await lockApproval(trx, approvalId);
    if (req?.kind !== 'delete_card_range' || req.range_id === null)
      throw new ServiceError('not_found', 'no such request');
    const rangeId = req.range_id;
    if (req.status !== 'pending') throw new ServiceError('conflict', 'already decided');
    if (req.requested_by === by.id)
      throw new ServiceError('forbidden', 'the requester cannot approve their own request');
    await recordDecision(trx, approvalId, { status: decision, by: by.id, at, note: text || null });
    await appendAudit(trx, {
      actor: actorOf(by),
      action: `console.card_range_deletion_${decision}`,
      subjectType: 'card_range',
      subjectId: rangeId,
      reason: text || null,
      before: { approval: approvalId, status: 'pending', requestedBy: req.requested_by },
      after: { status: decision },
      at,
    });
    // Deleted meanwhile (the API or the CLI): the approval is recorded and there is nothing left to delete.
    const deleted = decision === 'approved' && (await cardRangeRow(trx, rangeId)) !== undefined;
    if (deleted) {
      await deleteCardRange(deps, rangeId, actorOf(by), { trx, reason: `${req.note} (approved ${approvalId})` });
    }
    return { rangeId, deleted };
  });
}

export function listPendingRangeDeletions(deps: Deps) {
  return pendingRangeDeletions(deps.db);
}
