import { withoutNul } from '../../storage/text.ts';
import type { KeyRing } from './keyring.ts';
import { maskPan } from './mask.ts';

/**
 * The AReq's cardholder data (EMV 3DS Table A.1: cardholder account information and cardholder data; names as in
 * src/protocol/data/fields.json). The message log keeps them sealed, never readable in a row or a backup.
 */
export const CARDHOLDER_FIELDS = [
  'acctID',
  'cardExpiryDate',
  'cardSecurityCode',
  'cardholderName',
  'email',
  'homePhone',
  'mobilePhone',
  'workPhone',
  'billAddrLine1',
  'billAddrLine2',
  'billAddrLine3',
  'billAddrCity',
  'billAddrState',
  'billAddrPostCode',
  'billAddrCountry',
  'shipAddrLine1',
  'shipAddrLine2',
  'shipAddrLine3',
  'shipAddrCity',
  'shipAddrState',
  'shipAddrPostCode',
  'shipAddrCountry',
  'taxId',
  'userId',
] as const;

/** What a logged body shows in place of a sealed field. */
export const SEALED = '[sealed]';

const PERSONAL_CONTEXT = 'message-personal';
const PAN = /^\d{12,19}$/;
const MASKED_PAN = /^\d{6}\*+\d{4}$/;

/** A message-log row's body and its sealed parts, built into a row only by src/storage/repositories/message-log.ts. */
export interface SealedBody {
  body: string;
  pan_enc: string | null;
  personal_enc: string | null;
}

/**
 * The one way a message body enters the message log: the PAN is masked and sealed (`pan_enc`), the cardholder
 * fields are sealed together as one small JSON (`personal_enc`, one encryption per message, so the AReq path pays
 * for one blob, not one per field) and left in the body as `[sealed]`; NUL characters are replaced.
 * `keys` may be null only for a message of our own that carries no cardholder data (an RReq): a body that needs
 * sealing then throws rather than being logged in the clear.
 */
export function sealMessageBody(keys: KeyRing | null, message: Record<string, unknown>): SealedBody {
  const body: Record<string, unknown> = { ...message };
  let panEnc: string | null = null;
  const acct = body.acctNumber;
  if (acct !== undefined && acct !== null) {
    // Whatever a peer put there (a malformed AReq is logged too) is masked unless it already is.
    const text = typeof acct === 'string' ? acct : JSON.stringify(acct);
    if (PAN.test(text)) panEnc = keyRing(keys).encrypt(text, 'pan');
    if (!MASKED_PAN.test(text)) body.acctNumber = maskPan(text);
  }
  let personal: Record<string, unknown> | undefined;
  for (const field of CARDHOLDER_FIELDS) {
    if (!Object.hasOwn(body, field)) continue;
    personal ??= {};
    personal[field] = body[field];
    body[field] = SEALED;
  }
  return {
    body: JSON.stringify(withoutNul(body)),
    pan_enc: panEnc,
    personal_enc: personal ? keyRing(keys).encrypt(JSON.stringify(withoutNul(personal)), PERSONAL_CONTEXT) : null,
  };
}

function keyRing(keys: KeyRing | null): KeyRing {
  if (!keys) throw new Error('a message with cardholder data is logged only sealed, and no key ring was given');
  return keys;
}

/** The sealed cardholder fields of one logged message (for an audited reveal only). */
export function openPersonalFields(keys: KeyRing, personalEnc: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(keys.decrypt(personalEnc, PERSONAL_CONTEXT));
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? { ...parsed } : {};
}

/** Re-seals under the current data key (key rotation). */
export function resealPersonalFields(keys: KeyRing, personalEnc: string): string {
  return keys.encrypt(keys.decrypt(personalEnc, PERSONAL_CONTEXT), PERSONAL_CONTEXT);
}
