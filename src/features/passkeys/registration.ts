import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { MAX_WRONG_SUBMITS, normaliseSubmittedCode, otpTtlMs, type SendRefusal } from '../../core/otp-policy.ts';
import { queueEmail } from '../../infra/channels/email/job.ts';
import { queueSms } from '../../infra/channels/sms/job.ts';
import { maskPhone } from '../../infra/crypto/mask.ts';
import { newId } from '../../infra/ids.ts';
import { type Executor, withTransaction } from '../../storage/database.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';
import { lockMember, memberWithCurrentPhone } from '../../storage/repositories/authentication-reads.ts';
import {
  disablePasskey,
  enabledPasskeysOf,
  insertPasskey,
  markCodeConfirmed,
  openCeremony,
  openRegistration,
  passkeyMacTaken,
  passkeysOf,
  recordCeremonyFailure,
  spendCeremony,
} from '../../storage/repositories/passkeys.ts';
import { markSpcCredential } from '../../storage/repositories/spc.ts';
import type { PasskeyCeremonyRow, PasskeyRow } from '../../storage/schema.ts';
import { issueOneTimeCode, spendCode } from '../authentication/otp-codes.ts';
import type { PortalDeps, RequestMeta } from '../portal/service/deps.ts';
import { sendRefusal } from '../portal/service/phone-start.ts';
import { memberActor } from '../portal/service/policy.ts';
import { passkeyAddedEmail, passkeyAddedSms, passkeyCodeSms } from './notices.ts';
import { passkeyTermsGate } from './terms-gate.ts';
import {
  newChallenge,
  parseRegistrationResponse,
  registrationOptions,
  relyingPartyOf,
  verifyRegistration,
} from './webauthn.ts';

/** The code must have been confirmed this recently when the passkey is created (the step-up's freshness). */
export const CODE_FRESH_MS = 5 * 60_000;
/** A registration ceremony (code sent, then the passkey created) lasts at most 15 minutes. */
const CEREMONY_TTL_MS = 15 * 60_000;
export const PASSKEY_NAME_MAX = 40;
/** A member keeps at most this many enabled passkeys (a phone, a laptop, a spare). */
export const MAX_PASSKEYS = 10;

export type PasskeyStartRefusal =
  | { reason: 'not_enrolled' }
  | { reason: 'terms_not_covering' }
  | { reason: 'terms_not_accepted' }
  | { reason: 'too_many' }
  | SendRefusal;

type Who = { enetId: string; sessionMac: string };

/** The member's passkeys for the list: enabled first, then removed ones (with when). */
export function listPasskeys(deps: Pick<PortalDeps, 'db'>, enetId: string): Promise<PasskeyRow[]> {
  return passkeysOf(deps.db, enetId);
}

/**
 * Step 1: a one-time code to the registered phone, bound to a new registration ceremony of this session
 * (purpose `passkey_registration`, so it can neither pass a purchase nor a phone registration). Whoever holds
 * only the password cannot add a passkey: the phone must agree, as for every SMS challenge so far.
 */
export async function startPasskeyRegistration(
  deps: PortalDeps,
  who: Who,
  meta: RequestMeta,
): Promise<{ ok: true; maskedPhone: string } | { ok: false; refusal: PasskeyStartRefusal }> {
  const at = deps.clock.now();
  const member = await memberWithCurrentPhone(deps.db, who.enetId);
  if (member?.enrollment !== 'enrolled' || !member.phone_enc) return { ok: false, refusal: { reason: 'not_enrolled' } };
  const gate = await passkeyTermsGate(deps.db, who.enetId, at);
  if (!gate.ok) return { ok: false, refusal: { reason: gate.reason } };
  if ((await enabledPasskeysOf(deps.db, who.enetId)).length >= MAX_PASSKEYS)
    return { ok: false, refusal: { reason: 'too_many' } };
  const phone = deps.keys.decrypt(member.phone_enc, 'phone');
  const open = await openRegistration(deps.db, who.enetId, who.sessionMac, at);
  const sends = open
    ? { sends: open.sends, lastSentAt: open.last_sent_at ? new Date(open.last_sent_at) : null }
    : { sends: 0, lastSentAt: null };
  const refusal = await sendRefusal(deps, phone, sends, meta.ip, at);
  if (refusal) return { ok: false, refusal };
  await withTransaction(deps.db, async (trx) => {
    await lockMember(trx, who.enetId);
    const ceremonyId = open?.id ?? newId('pkc', at.getTime());
    // A new code (the ceremony keeps its send count, the SMS-pumping guard) must be confirmed again.
    if (open?.code_confirmed_at) await markCodeConfirmed(trx, open.id, null);
    if (!open)
      await openCeremony(trx, {
        id: ceremonyId,
        kind: 'registration',
        enetId: who.enetId,
        sessionMac: who.sessionMac,
        challenge: newChallenge(),
        at,
        expiresAt: new Date(at.getTime() + CEREMONY_TTL_MS),
      });
    const ttl = otpTtlMs(deps.config.OTP_TTL_SECONDS);
    await issueOneTimeCode(trx, deps.keys, {
      purpose: 'passkey_registration',
      subject: ceremonyId,
      phone,
      ttlMs: ttl,
      smsText: (code) => passkeyCodeSms(deps.config, code, Math.round(ttl / 60_000)),
      at,
    });
    await audit(trx, who.enetId, 'portal.passkey.code_sent', { ceremonyId, phone: member.phone_masked }, meta, at);
  });
  deps.kick();
  return { ok: true, maskedPhone: member.phone_masked ?? maskPhone(phone) };
}

export type CodeResult =
  | { ok: true }
  | { ok: false; reason: 'no_ceremony' | 'expired' | 'too_many' }
  | { ok: false; reason: 'wrong_code'; attemptsLeft: number };

/**
 * Step 2: the code from the phone; a correct one opens the ceremony for the next five minutes. The member's
 * SPC opt-in (`payment`) is remembered on the ceremony here, so the finish post cannot add it.
 */
export async function confirmPasskeyCode(
  deps: PortalDeps,
  who: Who & { code: string | undefined; payment: boolean },
  meta: RequestMeta,
): Promise<CodeResult> {
  const at = deps.clock.now();
  return withTransaction(deps.db, async (trx): Promise<CodeResult> => {
    const ceremony = await openRegistration(trx, who.enetId, who.sessionMac, at);
    if (!ceremony || ceremony.code_confirmed_at) return { ok: false, reason: 'no_ceremony' };
    const code = normaliseSubmittedCode(who.code ?? '');
    const check = await spendCode(trx, deps.keys, 'passkey_registration', ceremony.id, code, at);
    if (check === 'expired') return { ok: false, reason: 'expired' };
    if (check === 'wrong') {
      const failures = await recordCeremonyFailure(trx, ceremony.id, MAX_WRONG_SUBMITS, at);
      if (failures < MAX_WRONG_SUBMITS)
        return { ok: false, reason: 'wrong_code', attemptsLeft: MAX_WRONG_SUBMITS - failures };
      await audit(trx, who.enetId, 'portal.passkey.code_failed', { ceremonyId: ceremony.id, failures }, meta, at);
      return { ok: false, reason: 'too_many' };
    }
    await markCodeConfirmed(trx, ceremony.id, at, who.payment);
    await audit(
      trx,
      who.enetId,
      'portal.passkey.code_confirmed',
      { ceremonyId: ceremony.id, payment: who.payment },
      meta,
      at,
    );
    return { ok: true };
  });
}

/** The ceremony whose code was confirmed in this session within the last five minutes, if any. */
async function confirmedCeremony(db: Executor, who: Who, at: Date): Promise<PasskeyCeremonyRow | undefined> {
  const ceremony = await openRegistration(db, who.enetId, who.sessionMac, at);
  if (!ceremony?.code_confirmed_at) return undefined;
  const confirmedAt = new Date(ceremony.code_confirmed_at).getTime();
  return at.getTime() - confirmedAt < CODE_FRESH_MS ? ceremony : undefined;
}

/**
 * Step 3 (the page): the options for navigator.credentials.create and whether the member asked for a payment
 * passkey, or undefined when no fresh code.
 */
export async function creationOptions(
  deps: PortalDeps,
  who: Who & { displayName: string },
): Promise<{ options: PublicKeyCredentialCreationOptionsJSON; payment: boolean } | undefined> {
  const ceremony = await confirmedCeremony(deps.db, who, deps.clock.now());
  if (!ceremony) return undefined;
  const existing = await enabledPasskeysOf(deps.db, who.enetId);
  const options = await registrationOptions(relyingPartyOf(deps.config), {
    enetId: who.enetId,
    displayName: who.displayName,
    challenge: ceremony.challenge,
    exclude: existing.map((p) => ({
      id: deps.keys.decrypt(p.credential_enc, 'passkey'),
      transports: splitTransports(p.transports),
    })),
    payment: ceremony.payment,
  });
  return { options, payment: ceremony.payment };
}

export function splitTransports(text: string): string[] {
  return text === '' ? [] : text.split(',');
}

export type FinishResult =
  | { ok: true; passkeyId: string }
  | { ok: false; reason: 'no_ceremony' | 'name' | 'invalid_response' | 'already_registered' };

/** A name the member can recognise the passkey by: trimmed, NFC, 1–40 characters, no control characters. */
export function passkeyName(input: string | undefined): string | undefined {
  const name = (input ?? '').normalize('NFC').trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (name.length === 0 || name.length > PASSKEY_NAME_MAX || /[\u0000-\u001f\u007f]/.test(name)) return undefined;
  return name;
}

/**
 * Step 4: the browser's answer. Verified by the library (challenge, origin, RP id, user verification), then in
 * one transaction: the ceremony spent (one conditional UPDATE), the credential stored (id as MAC + sealed), an
 * email and an SMS to the registered phone, the audit row.
 */
export async function finishPasskeyRegistration(
  deps: PortalDeps,
  who: Who & { name: string | undefined; credential: string | undefined },
  meta: RequestMeta,
): Promise<FinishResult> {
  const at = deps.clock.now();
  const name = passkeyName(who.name);
  if (!name) return { ok: false, reason: 'name' };
  const ceremony = await confirmedCeremony(deps.db, who, at);
  if (!ceremony) return { ok: false, reason: 'no_ceremony' };
  const response = parseRegistrationResponse(who.credential);
  const verified = response && (await verifyRegistration(relyingPartyOf(deps.config), response, ceremony.challenge));
  if (!verified) return { ok: false, reason: 'invalid_response' };
  const credentialMac = deps.keys.mac('passkey', verified.credentialId);
  const passkeyId = newId('pk', at.getTime());
  const result = await withTransaction(deps.db, async (trx): Promise<FinishResult> => {
    const member = await lockMember(trx, who.enetId);
    if (await passkeyMacTaken(trx, credentialMac)) return { ok: false, reason: 'already_registered' };
    await insertPasskey(trx, {
      id: passkeyId,
      enetId: who.enetId,
      credentialMac,
      credentialEnc: deps.keys.encrypt(verified.credentialId, 'passkey'),
      publicKey: verified.publicKey,
      counter: verified.counter,
      transports: verified.transports.join(','),
      name,
      at,
    });
    if (!(await spendCeremony(trx, { id: ceremony.id, at, passkeyId }))) throw new CeremonyRace();
    // The opt-in as the ceremony remembered it (docs/passkeys.md "Payment passkeys").
    if (ceremony.payment) await markSpcCredential(trx, passkeyId, at);
    const phone = await memberWithCurrentPhone(trx, who.enetId);
    if (phone?.phone_enc)
      await queueSms(trx, deps.keys, {
        to: deps.keys.decrypt(phone.phone_enc, 'phone'),
        body: passkeyAddedSms(deps.config),
        purpose: 'passkey_added',
        at,
      });
    await queueEmail(trx, { to: member.email, ...passkeyAddedEmail(deps.config, member.name, name, at), at });
    const registered = { passkeyId, name, ceremonyId: ceremony.id, payment: ceremony.payment };
    await audit(trx, who.enetId, 'portal.passkey.registered', registered, meta, at);
    return { ok: true, passkeyId };
  }).catch((err: unknown) => {
    if (err instanceof CeremonyRace) return { ok: false, reason: 'no_ceremony' } as const;
    throw err;
  });
  if (result.ok) deps.kick();
  return result;
}

/** Two submits of one ceremony: the second finds it spent and its insert is rolled back. */
class CeremonyRace extends Error {}

/** The member removes a passkey: disabled (kept for the evidence of purchases it approved), audited. */
export async function removePasskey(
  deps: PortalDeps,
  input: { enetId: string; passkeyId: string },
  meta: RequestMeta,
): Promise<boolean> {
  const at = deps.clock.now();
  return withTransaction(deps.db, async (trx) => {
    const removed = await disablePasskey(trx, {
      enetId: input.enetId,
      id: input.passkeyId,
      reason: 'member_removed',
      at,
    });
    if (!removed) return false;
    await audit(trx, input.enetId, 'portal.passkey.removed', { passkeyId: removed.id, name: removed.name }, meta, at);
    return true;
  });
}

function audit(
  trx: Executor,
  enetId: string,
  action: string,
  after: Record<string, unknown>,
  meta: RequestMeta,
  at: Date,
): Promise<void> {
  return appendAudit(trx, {
    actor: memberActor(enetId),
    action,
    subjectType: 'member',
    subjectId: enetId,
    after,
    requestId: meta.requestId ?? null,
    at,
  });
}
