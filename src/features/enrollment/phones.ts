import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Actor } from '../../app/deps.ts';
import { ServiceError } from '../../core/errors.ts';
import type { KeyRing } from '../../infra/crypto/keyring.ts';
import { maskPhone } from '../../infra/crypto/mask.ts';
import { newId } from '../../infra/ids.ts';
import type { Executor } from '../../storage/database.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';
import { lockMemberEnrollment } from '../../storage/repositories/members.ts';
import { insertBinding, lockCurrentBinding, unbindBinding } from '../../storage/repositories/phone-bindings.ts';
import { applyEnrollmentEvent } from './enrollment.ts';

/**
 * Japanese mobile numbers only (terms art. 2-1: an SMS-capable phone): +81 70/80/90.
 * Returns the E.164 form or undefined.
 */
export function normaliseJapaneseMobile(input: string): string | undefined {
  const parsed = parsePhoneNumberFromString(input.trim(), 'JP');
  if (parsed?.country !== 'JP' || !parsed.isValid()) return undefined;
  const type = parsed.getType();
  if (type !== 'MOBILE') return undefined;
  const e164 = parsed.number;
  return /^\+81[789]0\d{8}$/.test(e164) ? e164 : undefined;
}

export interface BindPhone {
  enetId: string;
  phone: string;
  verifiedBy: 'sms_otp' | 'issuer_provisioned';
  actor: Actor;
  at: Date;
  requestId?: string | undefined;
}

/**
 * Binds a verified phone in the caller's transaction: ends the current binding (a change), writes the new one,
 * and enrolls the member. Returns the previous binding's phone (for the change notice) if there was one, and
 * whether anything was bound (false when this phone is already bound to an enrolled member).
 */
export async function bindPhone(
  trx: Executor,
  keys: KeyRing,
  input: BindPhone,
): Promise<{ previousPhone: string | undefined; bound: boolean }> {
  const e164 = normaliseJapaneseMobile(input.phone);
  if (!e164) throw new ServiceError('invalid', 'phone must be a Japanese mobile number (+81 70/80/90)', 'phone');
  // The member row is locked before anything else (and before the audit lock) in every writer, so
  // concurrent changes to one member queue up instead of deadlocking.
  const member = await lockMemberEnrollment(trx, input.enetId);
  if (!member) throw new ServiceError('not_found', 'member not found', 'enetId');
  const current = await lockCurrentBinding(trx, input.enetId);
  const phoneMac = keys.mac('phone', e164);
  if (current?.phone_mac === phoneMac && member.enrollment === 'enrolled')
    return { previousPhone: undefined, bound: false };
  if (current) {
    await unbindBinding(trx, current.id, { at: input.at, by: input.actor, reason: 'changed' });
  }
  const bindingId = newId('pb', input.at.getTime());
  await insertBinding(trx, {
    id: bindingId,
    enetId: input.enetId,
    phoneEnc: keys.encrypt(e164, 'phone'),
    phoneMac,
    phoneMasked: maskPhone(e164),
    verifiedBy: input.verifiedBy,
    boundBy: input.actor,
    boundAt: input.at,
  });
  await appendAudit(trx, {
    actor: input.actor,
    action: current ? 'phone.change' : 'phone.bind',
    subjectType: 'member',
    subjectId: input.enetId,
    after: { bindingId, phone: maskPhone(e164), verifiedBy: input.verifiedBy },
    requestId: input.requestId ?? null,
    at: input.at,
  });
  if (member.enrollment !== 'enrolled') {
    await applyEnrollmentEvent(trx, {
      enetId: input.enetId,
      event: { type: 'phone_bound' },
      actor: input.actor,
      at: input.at,
      requestId: input.requestId ?? null,
    });
  }
  return { previousPhone: current ? keys.decrypt(current.phone_enc, 'phone') : undefined, bound: true };
}
