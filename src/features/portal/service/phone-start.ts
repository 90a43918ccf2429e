import { mayResend, otpTtlMs, type SendRefusal } from '../../../core/otp-policy.ts';
import { registrationSmsText } from '../../../core/sms-text.ts';
import { sendsToPhoneSince } from '../../../infra/channels/sms/job.ts';
import { maskPhone } from '../../../infra/crypto/mask.ts';
import { newId } from '../../../infra/ids.ts';
import { countHit } from '../../../infra/rate-limit.ts';
import { type Executor, withTransaction } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import {
  currentPhoneBinding,
  lockMember,
  memberEnrollment,
} from '../../../storage/repositories/authentication-reads.ts';
import { pendingAttemptOf, replacePendingAttempt } from '../../../storage/repositories/phone-registration-attempts.ts';
import type { PhoneRegistrationAttemptRow } from '../../../storage/schema.ts';
import { issueOneTimeCode } from '../../authentication/otp-codes.ts';
import { normaliseJapaneseMobile } from '../../enrollment/phones.ts';
import { pausedFunctionsAt, registrationPaused } from '../../operations/service/windows-view.ts';
import type { PortalDeps, RequestMeta } from './deps.ts';
import { memberActor, REGISTRATION_ATTEMPT_TTL_MS } from './policy.ts';
import { hasAccepted, termsInForceOn } from './terms.ts';

const HOUR = 3600_000;

export type StartRefusal =
  | { reason: 'invalid_phone' }
  | { reason: 'same_phone' }
  | { reason: 'terms_required' }
  | { reason: 'not_allowed'; enrollment: string }
  | { reason: 'paused' }
  | SendRefusal;

export type StartResult =
  | { ok: true; attemptId: string; kind: 'register' | 'change' }
  | { ok: false; refusal: StartRefusal };

/**
 * terms art. 2-1 / 2-2: the member names a Japanese mobile number and proves holding it with a code sent there.
 * The code's subject is this attempt (purpose `phone_registration`), so it can never pass a purchase challenge,
 * and the same sending limits as the purchase challenge apply (the SMS-pumping guard).
 */
export async function startPhoneRegistration(
  deps: PortalDeps,
  input: { enetId: string; sessionMac: string; phone: string; acceptedTermsVersionId: string | undefined },
  meta: RequestMeta,
): Promise<StartResult> {
  const at = deps.clock.now();
  const { db, keys } = deps;
  const member = await memberEnrollment(db, input.enetId);
  const { enrollment, enrollment_reason: reason } = member;
  const mayRegister =
    enrollment === 'enrolled' ||
    enrollment === 'not_enrolled' ||
    (enrollment === 'deregistered' && reason === 'member_request');
  if (!mayRegister) return { ok: false, refusal: { reason: 'not_allowed', enrollment } };
  // terms art. 11: no registration or change while registration, SMS sending or the whole service is paused.
  if (registrationPaused(await pausedFunctionsAt(db, at))) return { ok: false, refusal: { reason: 'paused' } };
  const kind = enrollment === 'enrolled' ? 'change' : 'register';
  const terms = await termsInForceOn(db, at);
  // Registering always includes accepting the terms in force (art. 4-3 consent); a change asks only if not yet.
  const termsNeeded = terms !== undefined && (kind === 'register' || !(await hasAccepted(db, input.enetId, terms.id)));
  if (termsNeeded && input.acceptedTermsVersionId !== terms?.id)
    return { ok: false, refusal: { reason: 'terms_required' } };
  const phone = normaliseJapaneseMobile(input.phone);
  if (!phone) return { ok: false, refusal: { reason: 'invalid_phone' } };
  if (kind === 'change') {
    const current = await currentPhoneBinding(db, input.enetId);
    if (current?.phone_mac === keys.mac('phone', phone)) return { ok: false, refusal: { reason: 'same_phone' } };
  }
  const refusal = await sendRefusal(deps, phone, { sends: 0, lastSentAt: null }, meta.ip, at);
  if (refusal) return { ok: false, refusal };
  const attemptId = newId('pra', at.getTime());
  await withTransaction(db, async (trx) => {
    await lockMember(trx, input.enetId);
    // One attempt at a time per member: a new number replaces the one waiting for its code.
    await replacePendingAttempt(
      trx,
      {
        id: attemptId,
        enet_id: input.enetId,
        session_mac: input.sessionMac,
        kind,
        phone_mac: keys.mac('phone', phone),
        phone_enc: keys.encrypt(phone, 'phone'),
        phone_masked: maskPhone(phone),
        terms_version_id: termsNeeded ? (terms?.id ?? null) : null,
        status: 'pending',
        created_at: at,
        expires_at: new Date(at.getTime() + REGISTRATION_ATTEMPT_TTL_MS),
      },
      at,
    );
    await issueRegistrationCode(deps, trx, { attemptId, phone, at });
    await appendAudit(trx, {
      actor: memberActor(input.enetId),
      action: 'portal.phone.code_sent',
      subjectType: 'member',
      subjectId: input.enetId,
      after: { attemptId, kind, phone: maskPhone(phone) },
      requestId: meta.requestId ?? null,
      at,
    });
  });
  deps.kick();
  return { ok: true, attemptId, kind };
}

export type ResendResult =
  | { ok: true }
  | { ok: false; refusal: SendRefusal | { reason: 'no_attempt' } | { reason: 'paused' } };

export async function resendRegistrationCode(
  deps: PortalDeps,
  input: { enetId: string; sessionMac: string },
  meta: RequestMeta,
): Promise<ResendResult> {
  const at = deps.clock.now();
  const attempt = await pendingAttempt(deps.db, input.enetId, input.sessionMac, at);
  if (!attempt) return { ok: false, refusal: { reason: 'no_attempt' } };
  if (registrationPaused(await pausedFunctionsAt(deps.db, at))) return { ok: false, refusal: { reason: 'paused' } };
  const phone = deps.keys.decrypt(attempt.phone_enc, 'phone');
  const lastSentAt = attempt.last_sent_at ? new Date(attempt.last_sent_at) : null;
  const refusal = await sendRefusal(deps, phone, { sends: attempt.sends, lastSentAt }, meta.ip, at);
  if (refusal) return { ok: false, refusal };
  await withTransaction(deps.db, async (trx) => {
    await issueRegistrationCode(deps, trx, { attemptId: attempt.id, phone, at });
    await appendAudit(trx, {
      actor: memberActor(input.enetId),
      action: 'portal.phone.code_resent',
      subjectType: 'member',
      subjectId: input.enetId,
      after: { attemptId: attempt.id, phone: attempt.phone_masked },
      requestId: meta.requestId ?? null,
      at,
    });
  });
  deps.kick();
  return { ok: true };
}

/** The member's open attempt started in this session (an attempt never moves between sessions). */
export function pendingAttempt(
  db: Executor,
  enetId: string,
  sessionMac: string,
  at: Date,
): Promise<PhoneRegistrationAttemptRow | undefined> {
  return pendingAttemptOf(db, enetId, sessionMac, { liveAt: at });
}

/** The SMS-pumping guard shared by every code the portal sends (also passkey registration). */
export async function sendRefusal(
  deps: PortalDeps,
  phone: string,
  attempt: { sends: number; lastSentAt: Date | null },
  ip: string,
  at: Date,
): Promise<SendRefusal | undefined> {
  const ipHits = await countHit(deps.db, deps.keys, `sms-ip:${ip}`, at, HOUR);
  return mayResend(
    {
      sendsForTransaction: attempt.sends,
      lastSentAt: attempt.lastSentAt,
      sendsToPhoneLast24h: await sendsToPhoneSince(deps.db, deps.keys, phone, new Date(at.getTime() - 86_400_000)),
      sendsFromIpLastHour: ipHits - 1,
    },
    at,
  );
}

/** The registration code (issueOneTimeCode): bound to the attempt, so it can never pass a purchase challenge. */
async function issueRegistrationCode(
  deps: PortalDeps,
  trx: Executor,
  input: { attemptId: string; phone: string; at: Date },
): Promise<void> {
  const ttl = otpTtlMs(deps.config.OTP_TTL_SECONDS);
  await issueOneTimeCode(trx, deps.keys, {
    purpose: 'phone_registration',
    subject: input.attemptId,
    phone: input.phone,
    ttlMs: ttl,
    smsText: (code) =>
      registrationSmsText({
        issuerShortName: deps.config.ISSUER_SHORT_NAME,
        code,
        validMinutes: Math.round(ttl / 60_000),
        host: new URL(deps.config.PUBLIC_URL).host,
      }),
    at: input.at,
  });
}
