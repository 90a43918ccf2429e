import type { SmsSender } from '../../../core/ports.ts';
import type { Db } from '../../../storage/database.ts';
import type { KeyRing } from '../../crypto/keyring.ts';
import { maskPhone } from '../../crypto/mask.ts';
import { newId } from '../../ids.ts';
import { enqueueJob } from '../../jobs/queue.ts';
import type { JobHandler } from '../../jobs/worker.ts';
import type { Metrics } from '../../metrics.ts';

export interface QueuedSms {
  smsId: string;
  jobId: string;
}

/**
 * Queues a text in the caller's transaction: the row (recipient and body encrypted — the body carries a
 * one-time code) and the dispatch job. The worker sends it; with SMS_PROVIDER=outbox the row is the inbox.
 */
export async function queueSms(
  trx: Db,
  keys: KeyRing,
  sms: { to: string; body: string; purpose: string; acsTransID?: string | null; at: Date },
): Promise<QueuedSms> {
  const smsId = newId('sms', sms.at.getTime());
  await trx
    .insertInto('sms_messages')
    .values({
      id: smsId,
      to_mac: keys.mac('phone', sms.to),
      to_enc: keys.encrypt(sms.to, 'phone'),
      to_masked: maskPhone(sms.to),
      body_enc: keys.encrypt(sms.body, 'sms'),
      purpose: sms.purpose,
      acs_trans_id: sms.acsTransID ?? null,
      status: 'queued',
      created_at: sms.at,
      updated_at: sms.at,
    })
    .execute();
  const jobId = await enqueueJob(trx, { kind: 'sms', payload: { smsId }, at: sms.at });
  return { smsId, jobId };
}

/** SMS sends in the last 24 hours to one number (the SMS-pumping guard counts every purpose). */
export async function sendsToPhoneSince(db: Db, keys: KeyRing, phone: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('sms_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('to_mac', '=', keys.mac('phone', phone))
    .where('created_at', '>', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The development sender: the sms_messages row already is the message; /dev/phone shows it. */
export const outboxSender: SmsSender = {
  name: 'outbox',
  send: async (m) => ({ ok: true, providerMessageId: `outbox-${m.id}` }),
  close: async () => {},
};

/** Job handler: decrypt, send through the configured provider, record the result on the row. */
export function smsJobHandler(db: Db, keys: KeyRing, sender: SmsSender, metrics: Metrics, now: () => Date): JobHandler {
  return {
    // A one-time code is useless after a few minutes: retrying longer only annoys the member.
    retryWindowMs: 3 * 60_000,
    async run(job) {
      const smsId = String((job.payload as { smsId?: unknown }).smsId ?? '');
      const row = await db.selectFrom('sms_messages').selectAll().where('id', '=', smsId).executeTakeFirst();
      if (!row) return { ok: false, retryable: false, error: 'sms row missing' };
      if (row.status !== 'queued') return { ok: true, detail: `already ${row.status}` };
      const result = await sender.send({
        id: row.id,
        to: keys.decrypt(row.to_enc, 'phone'),
        body: keys.decrypt(row.body_enc, 'sms'),
      });
      metrics.smsSends.inc({
        provider: sender.name,
        outcome: result.ok ? 'sent' : result.retryable ? 'retry' : 'failed',
      });
      if (result.ok) {
        await db
          .updateTable('sms_messages')
          .set({
            status: 'sent',
            provider: sender.name,
            provider_message_id: result.providerMessageId,
            error: null,
            updated_at: now(),
          })
          .where('id', '=', row.id)
          .execute();
        return { ok: true, detail: result.providerMessageId };
      }
      const giveUp = !result.retryable || now().getTime() - new Date(row.created_at).getTime() > 3 * 60_000;
      await db
        .updateTable('sms_messages')
        .set({ provider: sender.name, error: result.error, ...(giveUp && { status: 'failed' }), updated_at: now() })
        .where('id', '=', row.id)
        .execute();
      return { ok: false, retryable: result.retryable, error: result.error };
    },
  };
}
