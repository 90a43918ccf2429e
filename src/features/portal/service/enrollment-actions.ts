import type { EnrollmentEvent } from '../../../core/enrollment.ts';
import { ServiceError } from '../../../core/errors.ts';
import { RESULTS } from '../../../core/transaction-state.ts';
import { queueEmail } from '../../../infra/channels/email/job.ts';
import { type Executor, withTransaction } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import { endPendingRegistrationAttempts } from '../../../storage/repositories/phone-registration-attempts.ts';
import { lockedMemberContact, memberProfile } from '../../../storage/repositories/portal-reads.ts';
import type { Enrollment } from '../../../storage/schema.ts';
import { endOpenChallengesForMember } from '../../authentication/challenge/end.ts';
import { applyEnrollmentEvent } from '../../enrollment/enrollment.ts';
import type { PortalDeps, RequestMeta } from './deps.ts';
import { type EmailContent, lostStolenEmail, unregisteredEmail } from './emails.ts';
import { memberActor } from './policy.ts';

/** The member's enrollment state, for the confirmation pages. */
export async function memberEnrollment(db: Executor, enetId: string): Promise<{ enrollment: Enrollment } | undefined> {
  const profile = await memberProfile(db, enetId);
  return profile && { enrollment: profile.enrollment };
}

export type EnrollmentActionResult = { ok: true } | { ok: false; reason: 'not_enrolled' | 'locked' };

/**
 * terms art. 2-2: the member reports the phone lost or stolen. At once, in one transaction: the member is
 * locked (no AReq is challenged or authenticated from now on), open challenges end with an RReq, the member's
 * other portal sessions end, and a notice is emailed. Only an operator lifts the lock.
 */
export function reportLostStolen(
  deps: PortalDeps,
  input: { enetId: string; keepSessionMac: string },
  meta: RequestMeta,
): Promise<EnrollmentActionResult> {
  return applyMemberEvent(deps, input, meta, {
    event: { type: 'lost_stolen_reported' },
    note: 'portal: lost/stolen report',
    action: 'portal.lost_stolen_reported',
    sessionReason: 'lost_stolen',
    email: (name, at) => lostStolenEmail(deps.config, name, at),
  });
}

/**
 * terms art. 2-3: the member leaves the service ("member request"); the phone binding ends. Registering again
 * later is allowed.
 */
export function unregisterMember(
  deps: PortalDeps,
  input: { enetId: string; keepSessionMac: string },
  meta: RequestMeta,
): Promise<EnrollmentActionResult> {
  return applyMemberEvent(deps, input, meta, {
    event: { type: 'member_unregistered' },
    note: 'portal: member request',
    action: 'portal.unregistered',
    sessionReason: undefined,
    email: (name, at) => unregisteredEmail(deps.config, name, at),
  });
}

interface MemberEventPlan {
  event: EnrollmentEvent;
  note: string;
  action: string;
  /** When set, the member's other sessions end with this reason. */
  sessionReason: string | undefined;
  email: (name: string, at: Date) => EmailContent;
}

async function applyMemberEvent(
  deps: PortalDeps,
  input: { enetId: string; keepSessionMac: string },
  meta: RequestMeta,
  plan: MemberEventPlan,
): Promise<EnrollmentActionResult> {
  const at = deps.clock.now();
  const actor = memberActor(input.enetId);
  try {
    await withTransaction(deps.db, async (trx) => {
      const member = await lockedMemberContact(trx, input.enetId);
      const next = await applyEnrollmentEvent(trx, {
        enetId: input.enetId,
        event: plan.event,
        actor,
        note: plan.note,
        at,
        requestId: meta.requestId ?? null,
      });
      const rreqJobs = await endOpenChallengesForMember(
        trx,
        deps.keys,
        input.enetId,
        RESULTS.lockedDuringChallenge,
        at,
      );
      const attemptsEnded = await endPendingRegistrationAttempts(trx, input.enetId, at);
      const sessionsEnded = plan.sessionReason
        ? await deps.sessions.revokeAll(trx, input.enetId, plan.sessionReason, at, input.keepSessionMac)
        : 0;
      await queueEmail(trx, { to: member.email, ...plan.email(member.name, at), at });
      await appendAudit(trx, {
        actor,
        action: plan.action,
        subjectType: 'member',
        subjectId: input.enetId,
        after: {
          enrollment: next.state,
          reason: next.reason,
          challengesEnded: rreqJobs.length,
          attemptsEnded,
          sessionsEnded,
        },
        requestId: meta.requestId ?? null,
        at,
      });
    });
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'enrollment_refused')
      return { ok: false, reason: err.detail === 'locked' ? 'locked' : 'not_enrolled' };
    throw err;
  }
  deps.kick();
  return { ok: true };
}
