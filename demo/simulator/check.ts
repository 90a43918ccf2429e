import type { JsonObject } from '../../src/protocol/json.ts';
import { validateMessage } from '../../src/protocol/validate.ts';
import { isMessageType, isMessageVersion } from '../../src/protocol/versions.ts';
import type { MessageCheck } from './flow-log.ts';

/**
 * How a receiving party sees a message: checked against the fields.json tables of the transaction's version
 * (lenient where the receiver is, strict on what an ACS produces), for the inspector's ✓ / ✗.
 */
export function checkMessage(message: JsonObject, version: unknown, context: JsonObject | undefined): MessageCheck {
  const type = message.messageType;
  if (!isMessageType(type)) return { ok: false, detail: 'unknown messageType' };
  const messageVersion = isMessageVersion(version) ? version : message.messageVersion;
  if (!isMessageVersion(messageVersion)) return { ok: false, detail: 'unsupported messageVersion' };
  const scope = context && withoutTrustList(context);
  const result = validateMessage(message, { messageType: type, messageVersion, ...(scope && { context: scope }) });
  return result.ok ? { ok: true } : { ok: false, detail: `${result.errorCode} ${result.errorDetail}` };
}

/**
 * The AReq's trust-list status is the requestor's; the ARes and RReq have their own fields of the same names, and
 * a condition ("source required when the status is present") must read the message's own, not fall back to the
 * AReq's (the validator reads fields missing from a message from its context).
 */
const TRUST_LIST_FIELDS = ['whiteListStatus', 'whiteListStatusSource', 'trustListStatus', 'trustListStatusSource'];

function withoutTrustList(context: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(context).filter(([name]) => !TRUST_LIST_FIELDS.includes(name)));
}

/** Adds a finding about the 2.3.1 X-Request-ID / X-Response-ID headers (docs/emv-codes.md §1) to a check. */
export function withHeaderFinding(check: MessageCheck, finding: string | undefined): MessageCheck {
  if (!finding) return check;
  return { ok: false, detail: check.detail ? `${check.detail}; ${finding}` : finding };
}

/** The 2.3.1 header a message should carry, or a finding saying what was wrong. */
export function expectHeader(
  version: unknown,
  headers: Headers | Record<string, string | undefined>,
  name: 'X-Request-ID' | 'X-Response-ID',
  expected: string | undefined,
): string | undefined {
  if (version !== '2.3.1' || !expected) return undefined;
  const actual = headers instanceof Headers ? headers.get(name) : headers[name.toLowerCase()];
  if (actual === expected) return undefined;
  return actual ? `${name} ${actual} is not ${expected}` : `${name} header missing`;
}
