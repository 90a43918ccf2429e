import { z } from 'zod';
import type { KeyRing } from '../../../infra/crypto/keyring.ts';
import { maskPhone } from '../../../infra/crypto/mask.ts';
import type { ImportLineError } from '../../../storage/repositories/imports.ts';
import { normaliseJapaneseMobile } from '../../enrollment/phones.ts';
import { rangeKey } from '../card-ranges.ts';
import { cardBody, memberBody, phoneBody } from '../schemas.ts';
import type { RawLine } from './ndjson.ts';

/** At most this many cards on one member's line (a member with more is an issuer data error). */
export const MAX_CARDS_PER_LINE = 50;

const identifier = cardBody.shape.enetId;

/**
 * One import line (docs/interfaces.md "Bulk enrolment import"): a member as `PUT /api/v1/members/{enetId}`,
 * its cards as `PUT /api/v1/cards/{cardRef}` (without `enetId`, which is the line's) and, optionally, the phone
 * of `POST /api/v1/members/{enetId}/phone`. The field rules are those schemas' own.
 */
export const importLine = z.strictObject({
  enetId: identifier,
  ...memberBody.shape,
  cards: z
    .array(
      z.strictObject({
        cardRef: identifier,
        pan: cardBody.shape.pan,
        expiry: cardBody.shape.expiry,
        status: cardBody.shape.status,
      }),
    )
    .max(MAX_CARDS_PER_LINE),
  // The Japanese-mobile rule (phoneBody's refinement) is applied once below, where the E.164 form is kept.
  phone: z.string().max(32).optional(),
});

export type ImportLine = z.output<typeof importLine>;

export interface PreparedCard {
  cardRef: string;
  panMac: string;
  panEnc: string;
  first6: string;
  last4: string;
  expiry: string;
  status: 'active' | 'closed';
}

/** A line validated and sealed: only MACs and ciphertexts of the PAN and phone leave this function. */
export interface PreparedLine {
  line: number;
  enetId: string;
  name: string;
  email: string;
  status: 'active' | 'suspended';
  cards: PreparedCard[];
  phone: { mac: string; enc: string; masked: string } | undefined;
}

export interface Range {
  low: string;
  high: string;
}

const PHONE_MESSAGE = (() => {
  const parsed = phoneBody.safeParse({ phone: '' });
  return parsed.success ? 'invalid phone' : (parsed.error.issues.at(-1)?.message ?? 'invalid phone');
})();

/** `cards.0.pan` → `cards[0].pan`. */
function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out;
}

const error = (line: number, field: string | null, code: string, message: string): ImportLineError => ({
  line,
  field,
  code,
  message,
});

/**
 * Parses, validates and seals one line. Messages never carry the line's values: JSON.parse's own message quotes
 * the input, so it is replaced; zod's messages name the rule, not the value.
 */
export function prepareLine(raw: RawLine, keys: KeyRing, ranges: readonly Range[]): PreparedLine | ImportLineError {
  if (!('text' in raw)) {
    return raw.problem === 'line_too_long'
      ? error(raw.line, null, 'line_too_long', 'the line is longer than the limit')
      : error(raw.line, null, 'invalid_utf8', 'the line is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.text);
  } catch {
    return error(raw.line, null, 'invalid_json', 'the line is not valid JSON');
  }
  const parsed = importLine.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
    const message = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
    return error(raw.line, fieldPath(path) || null, 'invalid_field', message);
  }
  const input = parsed.data;
  const cards: PreparedCard[] = [];
  const refs = new Set<string>();
  const macs = new Set<string>();
  for (const [i, card] of input.cards.entries()) {
    const key = rangeKey(card.pan);
    if (!ranges.some((r) => r.low <= key && key <= r.high)) {
      return error(raw.line, `cards[${i}].pan`, 'pan_out_of_range', 'the PAN is in no card range this ACS serves');
    }
    const panMac = keys.mac('pan', card.pan);
    if (refs.has(card.cardRef)) return error(raw.line, `cards[${i}].cardRef`, 'duplicate', 'cardRef repeated');
    if (macs.has(panMac)) return error(raw.line, `cards[${i}].pan`, 'duplicate', 'the same PAN is on two cards');
    refs.add(card.cardRef);
    macs.add(panMac);
    cards.push({
      cardRef: card.cardRef,
      panMac,
      panEnc: keys.encrypt(card.pan, 'pan'),
      first6: card.pan.slice(0, 6),
      last4: card.pan.slice(-4),
      expiry: card.expiry,
      status: card.status,
    });
  }
  let phone: PreparedLine['phone'];
  if (input.phone !== undefined) {
    const e164 = normaliseJapaneseMobile(input.phone);
    if (!e164) return error(raw.line, 'phone', 'invalid_field', PHONE_MESSAGE);
    phone = { mac: keys.mac('phone', e164), enc: keys.encrypt(e164, 'phone'), masked: maskPhone(e164) };
  }
  return {
    line: raw.line,
    enetId: input.enetId,
    name: input.name,
    email: input.email,
    status: input.status,
    cards,
    phone,
  };
}
