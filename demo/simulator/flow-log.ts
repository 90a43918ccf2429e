import { maskPan } from '../../src/infra/crypto/mask.ts';
import type { JsonObject } from '../../src/protocol/json.ts';

/** Who played the part that saw the message: the simulated 3DS Server or the simulated DS. */
export type Party = '3ds-server' | 'ds';

/** The network leg a message travelled, as the message inspector labels it. */
export type Hop =
  | 'browser→acs'
  | 'acs→3ds-server'
  | '3ds-server→ds'
  | 'ds→acs'
  | 'acs→ds'
  | 'ds→3ds-server'
  | 'acs→browser→3ds-server';

/** One message of a flow as one party saw it; the PAN is already masked. */
export interface FlowEntry {
  /** Process-wide order, so the two parties' entries merge into one timeline. */
  seq: number;
  at: Date;
  party: Party;
  /** `AReq`, `ARes`, `Erro`, `CReq`, `CRes`, `RReq`, `RRes`, or `3DS Method` / `3DS Method notification`. */
  label: string;
  hop: Hop;
  body: JsonObject;
  /** What the receiving party found when it checked the message against fields.json (and 2.3.1 headers). */
  check?: MessageCheck;
  /** A short technical remark (e.g. "answered by the DS: the 3DS Server did not answer"). */
  note?: string;
}

export interface MessageCheck {
  ok: boolean;
  /** errorCode and fields when not ok; header findings. */
  detail?: string;
}

let sequence = 0;

export function flowEntry(
  at: Date,
  party: Party,
  hop: Hop,
  body: JsonObject,
  extra: { label?: string; check?: MessageCheck; note?: string } = {},
): FlowEntry {
  sequence += 1;
  const label = extra.label ?? (typeof body.messageType === 'string' ? body.messageType : 'message');
  return {
    seq: sequence,
    at,
    party,
    label,
    hop,
    body: maskMessage(body),
    ...(extra.check && { check: extra.check }),
    ...(extra.note !== undefined && { note: extra.note }),
  };
}

/** A copy with every `acctNumber` masked: the inspector shows messages, never a full PAN. */
export function maskMessage(body: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'acctNumber' && typeof value === 'string') out[key] = maskPan(value);
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = maskMessage(value as JsonObject);
    } else out[key] = value;
  }
  return out;
}

export function mergeEntries(...lists: ReadonlyArray<readonly FlowEntry[]>): FlowEntry[] {
  return lists.flat().sort((a, b) => a.seq - b.seq);
}
