import { ServiceError } from '../../../core/errors.ts';
import { MAX_WRONG_SUBMITS, normaliseSubmittedCode } from '../../../core/otp-policy.ts';
import { RESULTS } from '../../../core/transaction-state.ts';
import { queueEmail } from '../../../infra/channels/email/job.ts';
import { queueSms } from '../../../infra/channels/sms/job.ts';
import { newId } from '../../../infra/ids.ts';
import { type Executor, withTransaction } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import { currentPhoneBinding, lockMember } from '../../../storage/repositories/authentication-reads.ts';
import {
  endAttempt,
  pendingAttemptOf,
  recordAttemptFailure,
  recordPhoneChange,
} from '../../../storage/repositories/phone-registration-attempts.ts';
import type { PhoneRegistrationAttemptRow } from '../../../storage/schema.ts';
import { endOpenChallengesForMember } from '../../authentication/challenge/end.ts';
import { spendCode } from '../../authentication/otp-codes.ts';
import { bindPhone } from '../../enrollment/phones.ts';
import type { PortalDeps, RequestMeta } from './deps.ts';
import { phoneChangedSms, phoneRegisteredEmail } from './emails.ts';
import { memberActor } from './policy.ts';
import { recordConsent } from './terms.ts';

export type ConfirmResult =
  | { ok: true; kind: 'register' | 'change'; maskedPhone: string }
  | { ok: false; reason: 'no_attempt' | 'expired' | 'code_expired' | 'too_many' | 'not_allowed' }
  | { ok: false; reason: 'wrong_code'; attemptsLeft: number };

/**
 * Checks the code and, when it matches, binds the phone — all in one transaction: the code's consumption,
 * the binding (and its history row), the terms consent, the phone-change cooldown, ending challenges that
 * were waiting on the old number, the notices, and the audit rows commit together or not at all.
 */
export async function confirmPhoneRegistration(
  deps: PortalDeps,
  input: { enetId: string; sessionMac: string; code: string },
  meta: RequestMeta,
): Promise<ConfirmResult> {
  try {
    const result = await withTransaction(deps.db, (trx) => confirmInTransaction(deps, trx, input, meta));
    deps.kick();
    return result;
  } catch (err) {
    // The member was locked or deregistered by the issuer after the code was sent: nothing is bound.
    if (err instanceof ServiceError && err.code === 'enrollment_refused') return { ok: false, reason: 'not_allowed' };
    throw err;
  }
}

async function confirmInTransaction(
  deps: PortalDeps,
  trx: Executor,
  input: { enetId: string; sessionMac: string; code: string },
  meta: RequestMeta,
): Promise<ConfirmResult> {
  const at = deps.clock.now();
  // Member row first, as every writer does, so concurrent changes to one member queue up.
  const member = await lockMember(trx, input.enetId);
  const attempt = await pendingAttemptOf(trx, input.enetId, input.sessionMac, { lock: true });
  if (!attempt) return { ok: false, reason: 'no_attempt' };
  if (new Date(attempt.expires_at) <= at) {
    await endAttempt(trx, attempt.id, 'ended', at);
    return { ok: false, reason: 'expired' };
  }
  const consumed = await spendCode(
    trx,
    deps.keys,
    'phone_registration',
    attempt.id,
    normaliseSubmittedCode(input.code),
    at,
  );
  if (consumed === 'expired') return { ok: false, reason: 'code_expired' };
  if (consumed === 'wrong') return countFailure(trx, attempt, meta, at);
  await endAttempt(trx, attempt.id, 'confirmed', at);
  const phone = deps.keys.decrypt(attempt.phone_enc, 'phone');
  const actor = memberActor(input.enetId);
  const bound = await bindPhone(trx, deps.keys, {
    enetId: input.enetId,
    phone,
    verifiedBy: 'sms_otp',
    actor,
    at,
    requestId: meta.requestId,
  });
  if (attempt.terms_version_id) {
    const consent = { enetId: input.enetId, versionId: attempt.terms_version_id, ip: meta.ip, at };
    await recordConsent(trx, { ...consent, requestId: meta.requestId });
  }
  let challengesEnded = 0;
  if (bound.previousPhone) {
    challengesEnded = await afterChange(deps, trx, input.enetId, bound.previousPhone, at);
  }
  const kind = bound.previousPhone ? 'change' : 'register';
  await queueEmail(trx, {
    to: member.email,
    ...phoneRegisteredEmail(deps.config, member.name, kind, attempt.phone_masked, at),
    at,
  });
  await appendAudit(trx, {
    actor,
    action: kind === 'change' ? 'portal.phone.changed' : 'portal.phone.registered',
    subjectType: 'member',
    subjectId: input.enetId,
    after: { attemptId: attempt.id, phone: attempt.phone_masked, verifiedBy: 'sms_otp', challengesEnded },
    requestId: meta.requestId ?? null,
    at,
  });
  return { ok: true, kind, maskedPhone: attempt.phone_masked };
}

async function countFailure(
  trx: Executor,
  attempt: PhoneRegistrationAttemptRow,
  meta: RequestMeta,
  at: Date,
): Promise<ConfirmResult> {
  const failures = attempt.failures + 1;
  const dead = failures >= MAX_WRONG_SUBMITS;
  await recordAttemptFailure(trx, attempt.id, failures, dead, at);
  if (!dead) return { ok: false, reason: 'wrong_code', attemptsLeft: MAX_WRONG_SUBMITS - failures };
  await appendAudit(trx, {
    actor: memberActor(attempt.enet_id),
    action: 'portal.phone.attempt_failed',
    subjectType: 'member',
    subjectId: attempt.enet_id,
    after: { attemptId: attempt.id, phone: attempt.phone_masked, failures },
    requestId: meta.requestId ?? null,
    at,
  });
  return { ok: false, reason: 'too_many' };
}

/**
 * terms art. 2-2 phone change: the old number is told, challenges waiting on it end (with their RReq), and the
 * change time is recorded with the cooldown during which no frictionless decision may be taken.
 */
async function afterChange(
  deps: PortalDeps,
  trx: Executor,
  enetId: string,
  oldPhone: string,
  at: Date,
): Promise<number> {
  const binding = await currentPhoneBinding(trx, enetId);
  if (!binding) throw new Error('a phone change left no current binding');
  await recordPhoneChange(trx, {
    id: newId('pc', at.getTime()),
    enetId,
    bindingId: binding.id,
    at,
    cooldownUntil: new Date(at.getTime() + deps.config.PHONE_CHANGE_COOLDOWN_HOURS * 3600_000),
  });
  await queueSms(trx, deps.keys, { to: oldPhone, body: phoneChangedSms(deps.config), purpose: 'phone_changed', at });
  const jobs = await endOpenChallengesForMember(trx, deps.keys, enetId, RESULTS.lockedDuringChallenge, at);
  return jobs.length;
}
