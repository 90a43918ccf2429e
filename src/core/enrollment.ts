/**
 * A member's enrollment in the service and the transitions the terms allow.
 *   terms art. 2-1 register a phone, 2-2 lost/stolen lock, 2-3 unregister, 8-1 issuer deregistration/restriction.
 */
export type EnrollmentState = 'not_enrolled' | 'enrolled' | 'locked' | 'restricted' | 'deregistered';

/** terms art. 8-1 (1)–(5) */
export const DEREGISTRATION_REASONS = ['8-1-1', '8-1-2', '8-1-3', '8-1-4', '8-1-5'] as const;
export type DeregistrationReason = (typeof DEREGISTRATION_REASONS)[number];
export type EnrollmentReason = DeregistrationReason | 'member_request' | 'lost_stolen';

export type EnrollmentEvent =
  | { type: 'phone_bound' }
  | { type: 'lost_stolen_reported' }
  | { type: 'lock_lifted' }
  | { type: 'member_unregistered' }
  | { type: 'restricted'; reason: DeregistrationReason }
  | { type: 'deregistered'; reason: DeregistrationReason }
  | { type: 'reinstated'; hasPhone: boolean };

export interface Enrollment {
  state: EnrollmentState;
  reason: EnrollmentReason | null;
}

export type TransitionResult = { ok: true; next: Enrollment } | { ok: false; error: EnrollmentErrorCode };

export type EnrollmentErrorCode =
  | 'already_enrolled'
  | 'locked'
  | 'not_locked'
  | 'not_enrolled'
  | 'deregistered_by_issuer'
  | 'already_deregistered'
  | 'not_restricted_or_deregistered';

/** Pure transition function: what the event does to the enrollment, or why it is refused. */
export function transition(current: Enrollment, event: EnrollmentEvent): TransitionResult {
  const to = (state: EnrollmentState, reason: EnrollmentReason | null = null): TransitionResult => ({
    ok: true,
    next: { state, reason },
  });
  const { state, reason } = current;
  switch (event.type) {
    case 'phone_bound':
      // A phone change while enrolled re-binds; a member who left (art. 2-3) may come back; the issuer's
      // deregistration (art. 8-1) and a lost/stolen lock are lifted only by the issuer.
      if (state === 'enrolled' || state === 'not_enrolled') return to('enrolled');
      if (state === 'deregistered' && reason === 'member_request') return to('enrolled');
      if (state === 'locked') return { ok: false, error: 'locked' };
      return { ok: false, error: 'deregistered_by_issuer' };
    case 'lost_stolen_reported':
      if (state === 'enrolled') return to('locked', 'lost_stolen');
      if (state === 'locked') return { ok: false, error: 'locked' };
      return { ok: false, error: 'not_enrolled' };
    case 'lock_lifted':
      return state === 'locked' ? to('enrolled') : { ok: false, error: 'not_locked' };
    case 'member_unregistered':
      if (state === 'enrolled') return to('deregistered', 'member_request');
      if (state === 'locked') return { ok: false, error: 'locked' };
      return { ok: false, error: 'not_enrolled' };
    case 'restricted':
      if (state === 'deregistered') return { ok: false, error: 'already_deregistered' };
      return to('restricted', event.reason);
    case 'deregistered':
      if (state === 'deregistered' && reason === event.reason) return { ok: false, error: 'already_deregistered' };
      return to('deregistered', event.reason);
    case 'reinstated':
      if (state !== 'restricted' && state !== 'deregistered')
        return { ok: false, error: 'not_restricted_or_deregistered' };
      return to(event.hasPhone ? 'enrolled' : 'not_enrolled');
  }
}

/** Whether a deregistration unbinds the phone: leaving the service ends the binding; a restriction keeps it. */
/**
 * Events after which the member's passkeys must not approve anything: a lost/stolen lock (art. 2-2), the
 * member's unregistration (art. 2-3) and the issuer's restriction or deregistration (art. 8-1). Disabled for
 * good: lifting a lock does not bring them back; the member registers again after a fresh code.
 */
export function disablesPasskeys(event: EnrollmentEvent): boolean {
  return event.type === 'lost_stolen_reported' || event.type === 'restricted' || unbindsPhone(event);
}

/**
 * Events that end the member's trusted-merchant list (issue #20 item 5): leaving the service, by the member's
 * unregistration (art. 2-3) or the issuer's deregistration (art. 8-1). A lock or a restriction keeps it.
 */
export function clearsTrustedMerchants(event: EnrollmentEvent): boolean {
  return unbindsPhone(event);
}

export function unbindsPhone(event: EnrollmentEvent): boolean {
  return event.type === 'member_unregistered' || event.type === 'deregistered';
}
