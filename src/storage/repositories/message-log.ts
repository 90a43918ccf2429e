import type { Insertable } from 'kysely';
import type { KeyRing } from '../../infra/crypto/keyring.ts';
import { sealMessageBody } from '../../infra/crypto/sealed-message.ts';
import { newId } from '../../infra/ids.ts';
import type { Executor } from '../database.ts';
import type { MessagesTable } from '../schema.ts';
import { withoutNul } from '../text.ts';

/**
 * The message log: every protocol message we received or sent (AReq/ARes, RReq/RRes, OReq/ORes, Erro), kept as
 * evidence for fraud investigations. The transaction aggregate (transactions.ts) and the exchanges that have no
 * transaction (a rejected AReq, an OReq) write it only through this module, so a row is built one way. An
 * answered AReq and its ARes live on their transaction row (`areqLogColumns`); read the log through the
 * `message_log` view (migration 0018), which shows them as rows.
 */
export interface LoggedMessage {
  acsTransID: string | null;
  threeDSServerTransID: string | null;
  dsTransID: string | null;
  direction: 'in' | 'out';
  messageType: string;
  body: Record<string, unknown>;
  at: Date;
}

export type MessageLogRow = Insertable<MessagesTable>;

/** An id a peer sent, as the log keeps it (64 characters at most, no NUL). */
function idText(value: string | null): string | null {
  return value === null ? null : withoutNul(value.slice(0, 64));
}

/**
 * The one builder of a message-log row: PAN and cardholder fields sealed (sealed-message.ts), ids bounded.
 * `keys` null: a message of our own without cardholder data (an RReq); anything needing a seal then throws.
 */
export function messageLogRow(keys: KeyRing | null, m: LoggedMessage): MessageLogRow {
  return {
    id: newId('msg', m.at.getTime()),
    acs_trans_id: m.acsTransID,
    three_ds_server_trans_id: idText(m.threeDSServerTransID),
    ds_trans_id: idText(m.dsTransID),
    direction: m.direction,
    message_type: withoutNul(m.messageType.slice(0, 16)),
    ...sealMessageBody(keys, m.body),
    created_at: m.at,
  };
}

/**
 * The AReq/ARes pair as the AReq's transaction row keeps it (migration 0018; read through the `message_log` view):
 * sealed the same way as a logged row.
 */
export function areqLogColumns(keys: KeyRing, areq: Record<string, unknown>, ares: Record<string, unknown>) {
  const inbound = sealMessageBody(keys, areq);
  const outbound = sealMessageBody(keys, ares);
  return {
    areq_body: inbound.body,
    areq_pan_enc: inbound.pan_enc,
    areq_personal_enc: inbound.personal_enc,
    ares_body: outbound.body,
    ares_personal_enc: outbound.personal_enc,
  };
}

/** Appends messages to the log (one statement). */
export async function logMessages(db: Executor, keys: KeyRing, messages: readonly LoggedMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await db
    .insertInto('messages')
    .values(messages.map((m) => messageLogRow(keys, m)))
    .execute();
}

/** The body of the AReq logged with a transaction (PAN masked, cardholder fields sealed). */
export async function loggedAReqBody(db: Executor, acsTransID: string): Promise<unknown> {
  const row = await db
    .selectFrom('message_log')
    .select('body')
    .where('acs_trans_id', '=', acsTransID)
    .where('message_type', '=', 'AReq')
    .where('direction', '=', 'in')
    .executeTakeFirst();
  return row?.body;
}
