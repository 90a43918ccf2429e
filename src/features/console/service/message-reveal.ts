import type { ServiceDeps } from '../../../app/deps.ts';
import { ServiceError } from '../../../core/errors.ts';
import { maskPhone } from '../../../infra/crypto/mask.ts';
import { openPersonalFields } from '../../../infra/crypto/sealed-message.ts';
import { withTransaction } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import { sealedMessage } from '../../../storage/repositories/console-transaction-reads.ts';
import { actorOf, CARDHOLDER_DATA_ROLES, type Principal } from './roles.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RevealedFields {
  messageId: string;
  messageType: string;
  fields: Record<string, unknown>;
}

/**
 * Opens the cardholder fields sealed in one logged message of a transaction, for an operator or investigator who
 * gives a reason. The audit row is written in the same database transaction as the read: no reveal goes
 * unrecorded. The PAN and phone numbers stay masked (docs/console.md: no PAN or phone reveal).
 */
export async function revealMessageFields(
  deps: Pick<ServiceDeps, 'db' | 'keys' | 'clock'>,
  by: Principal,
  acsTransId: string,
  messageId: string,
  reason: string,
): Promise<RevealedFields> {
  if (!CARDHOLDER_DATA_ROLES.includes(by.role)) throw new ServiceError('forbidden', 'role may not see cardholder data');
  if (!UUID.test(acsTransId)) throw new ServiceError('not_found', 'no such transaction');
  const why = reason.trim();
  if (why === '' || why.length > 200)
    throw new ServiceError('invalid', 'a reason (up to 200 characters) is required', 'reason');
  const at = deps.clock.now();
  return withTransaction(deps.db, async (trx) => {
    const row = await sealedMessage(trx, acsTransId, messageId);
    if (!row?.personal_enc) throw new ServiceError('not_found', 'no sealed cardholder data in that message');
    const fields = withPhonesMasked(openPersonalFields(deps.keys, row.personal_enc));
    await appendAudit(trx, {
      actor: actorOf(by),
      action: 'console.message_personal_revealed',
      subjectType: 'message',
      subjectId: row.id,
      reason: why,
      after: { acsTransId, fields: Object.keys(fields) },
      at,
    });
    return { messageId: row.id, messageType: row.message_type, fields };
  });
}

const PHONE_FIELDS = new Set(['mobilePhone', 'homePhone', 'workPhone']);

/** EMV PhoneNumber objects (`{cc, subscriber}`) shown as `090-****-1234`; anything else there as `****`. */
function withPhonesMasked(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (!PHONE_FIELDS.has(name)) out[name] = value;
    else if (typeof value === 'object' && value !== null && 'cc' in value && 'subscriber' in value)
      out[name] = maskPhone(`+${String(value.cc)}${String(value.subscriber)}`);
    else out[name] = '****';
  }
  return out;
}
