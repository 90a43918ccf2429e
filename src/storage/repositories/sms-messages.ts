import type { Insertable } from 'kysely';
import type { Executor } from '../database.ts';
import type { SmsMessagesTable } from '../schema.ts';
import { completeJobWith } from './jobs.ts';

export type SmsStatus = SmsMessagesTable['status'];

/** The SMS outbox rows (recipient and body sealed by the caller): src/infra/channels/sms/job.ts sends them. */

/** An SMS row to store (built by src/infra/channels/sms/job.ts `smsRow`). */
export type NewSms = Insertable<SmsMessagesTable>;

export async function insertSms(trx: Executor, row: NewSms): Promise<void> {
  await trx.insertInto('sms_messages').values(row).execute();
}

/** SMS rows created after `since` to the number with this MAC (every purpose). */
export async function countSmsTo(db: Executor, toMac: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('sms_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('to_mac', '=', toMac)
    .where('created_at', '>', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The status of the newest SMS sent for a transaction, if any. */
export async function lastSmsStatusFor(db: Executor, acsTransID: string): Promise<SmsStatus | undefined> {
  const last = await db
    .selectFrom('sms_messages')
    .select('status')
    .where('acs_trans_id', '=', acsTransID)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last?.status;
}

export function findSms(db: Executor, smsId: string) {
  return db.selectFrom('sms_messages').selectAll().where('id', '=', smsId).executeTakeFirst();
}

/** What a send attempt changes on the row (status, provider, its id or error). */
export async function recordSmsAttempt(
  db: Executor,
  smsId: string,
  change: {
    status?: 'sent' | 'failed';
    provider: string;
    providerMessageId?: string;
    error: string | null;
    at: Date;
  },
): Promise<void> {
  await db
    .updateTable('sms_messages')
    .set({
      ...(change.status && { status: change.status }),
      provider: change.provider,
      ...(change.providerMessageId !== undefined && { provider_message_id: change.providerMessageId }),
      error: change.error,
      updated_at: change.at,
    })
    .where('id', '=', smsId)
    .execute();
}

/** An SMS the provider took: its row marked sent and its job done, in one statement (`completeJobWith`). */
export async function recordSmsSent(
  db: Executor,
  smsId: string,
  sent: { provider: string; providerMessageId: string; at: Date },
  jobId: string,
): Promise<void> {
  const marked = db
    .updateTable('sms_messages')
    .set({
      status: 'sent',
      provider: sent.provider,
      provider_message_id: sent.providerMessageId,
      error: null,
      updated_at: sent.at,
    })
    .where('id', '=', smsId);
  await completeJobWith(db, [['marked', marked]], jobId, sent.at, sent.providerMessageId);
}

/** A provider's delivery report on the message it names by the provider's id. */
export async function recordSmsDelivery(
  db: Executor,
  providerMessageId: string,
  status: 'delivered' | 'failed',
  error: string | null,
  at: Date,
): Promise<void> {
  await db
    .updateTable('sms_messages')
    .set({ status, error, updated_at: at })
    .where('provider_message_id', '=', providerMessageId)
    .execute();
}
