import type { Actor } from '../../app/deps.ts';
import {
  clearsTrustedMerchants,
  disablesPasskeys,
  type EnrollmentEvent,
  type EnrollmentReason,
  transition,
  unbindsPhone,
} from '../../core/enrollment.ts';
import { ServiceError } from '../../core/errors.ts';
import { newId } from '../../infra/ids.ts';
import type { Executor } from '../../storage/database.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';
import { insertEnrollmentEvent, lockMemberEnrollment, setEnrollment } from '../../storage/repositories/members.ts';
import { disableMemberPasskeys } from '../../storage/repositories/passkeys.ts';
import { unbindCurrent } from '../../storage/repositories/phone-bindings.ts';
import { deleteMemberTrustedMerchants } from '../../storage/repositories/trusted-merchants.ts';

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
 * transition, records the history row and the audit row, and ends the phone binding (and empties the trusted-merchant
 * list) when the event does.
 */
export async function applyEnrollmentEvent(
  trx: Executor,
  change: EnrollmentChange,
): Promise<{ state: string; reason: string | null }> {
  const member = await lockMemberEnrollment(trx, change.enetId);
  if (!member) throw new ServiceError('not_found', 'member not found', 'enetId');
  const result = transition(
    { state: member.enrollment, reason: member.enrollment_reason as EnrollmentReason | null },
    change.event,
  );
  if (!result.ok)
    throw new ServiceError('enrollment_refused', `enrollment change refused: ${result.error}`, undefined, result.error);
  const { next } = result;
  await setEnrollment(trx, change.enetId, next, change.at);
  await insertEnrollmentEvent(trx, {
    id: newId('enr', change.at.getTime()),
    enetId: change.enetId,
    fromState: member.enrollment,
    toState: next.state,
    reason: next.reason,
    actor: change.actor,
    note: change.note ?? null,
    at: change.at,
  });
  if (unbindsPhone(change.event)) {
    await unbindCurrent(trx, change.enetId, {
      at: change.at,
      by: change.actor,
      reason: `enrollment:${next.reason ?? next.state}`,
    });
  }
  const passkeysDisabled = disablesPasskeys(change.event)
    ? await disableMemberPasskeys(trx, change.enetId, `enrollment:${change.event.type}`, change.at)
    : 0;
  const trustedMerchantsRemoved = clearsTrustedMerchants(change.event)
    ? await deleteMemberTrustedMerchants(trx, change.enetId)
    : 0;
  await appendAudit(trx, {
    actor: change.actor,
    action: `enrollment.${change.event.type}`,
    subjectType: 'member',
    subjectId: change.enetId,
    reason: change.note ?? null,
    before: { enrollment: member.enrollment, reason: member.enrollment_reason },
    after: {
      enrollment: next.state,
      reason: next.reason,
      ...(passkeysDisabled > 0 && { passkeysDisabled }),
      ...(trustedMerchantsRemoved > 0 && { trustedMerchantsRemoved }),
    },
    requestId: change.requestId ?? null,
    at: change.at,
  });
  return next;
}
