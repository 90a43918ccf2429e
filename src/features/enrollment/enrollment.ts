import type { Actor } from '../../app/deps.ts';
import { type EnrollmentEvent, type EnrollmentReason, transition, unbindsPhone } from '../../core/enrollment.ts';
import { ServiceError } from '../../core/errors.ts';
import { newId } from '../../infra/ids.ts';
import type { Db } from '../../storage/database.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';

export interface EnrollmentChange {
  enetId: string;
  event: EnrollmentEvent;
  actor: Actor;
  note?: string | null;
  at: Date;
  requestId?: string | null;
}

/**
 * Applies an enrollment event inside the caller's transaction: locks the member row, runs the pure
 * transition, records the history row and the audit row, and ends the phone binding when the event does.
 */
export async function applyEnrollmentEvent(
  trx: Db,
  change: EnrollmentChange,
): Promise<{ state: string; reason: string | null }> {
  const member = await trx
    .selectFrom('members')
    .select(['enrollment', 'enrollment_reason'])
    .where('enet_id', '=', change.enetId)
    .forUpdate()
    .executeTakeFirst();
  if (!member) throw new ServiceError('not_found', 'member not found', 'enetId');
  const result = transition(
    { state: member.enrollment, reason: member.enrollment_reason as EnrollmentReason | null },
    change.event,
  );
  if (!result.ok)
    throw new ServiceError('enrollment_refused', `enrollment change refused: ${result.error}`, undefined, result.error);
  const { next } = result;
  await trx
    .updateTable('members')
    .set({
      enrollment: next.state,
      enrollment_reason: next.reason,
      enrollment_changed_at: change.at,
      updated_at: change.at,
    })
    .where('enet_id', '=', change.enetId)
    .execute();
  await trx
    .insertInto('enrollment_events')
    .values({
      id: newId('enr', change.at.getTime()),
      enet_id: change.enetId,
      from_state: member.enrollment,
      to_state: next.state,
      reason: next.reason,
      actor: change.actor,
      note: change.note ?? null,
      at: change.at,
    })
    .execute();
  if (unbindsPhone(change.event)) {
    await trx
      .updateTable('phone_bindings')
      .set({
        unbound_at: change.at,
        unbound_by: change.actor,
        unbound_reason: `enrollment:${next.reason ?? next.state}`,
      })
      .where('enet_id', '=', change.enetId)
      .where('unbound_at', 'is', null)
      .execute();
  }
  await appendAudit(trx, {
    actor: change.actor,
    action: `enrollment.${change.event.type}`,
    subjectType: 'member',
    subjectId: change.enetId,
    reason: change.note ?? null,
    before: { enrollment: member.enrollment, reason: member.enrollment_reason },
    after: { enrollment: next.state, reason: next.reason },
    requestId: change.requestId ?? null,
    at: change.at,
  });
  return next;
}
