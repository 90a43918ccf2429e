import type { SmsSender } from '../../../core/ports.ts';
import type { Db, Executor } from '../../../storage/database.ts';
import {
  countSmsTo,
  findSms,
  insertSms,
  type NewSms,
  recordSmsAttempt,
  recordSmsSent,
} from '../../../storage/repositories/sms-messages.ts';
import type { KeyRing } from '../../crypto/keyring.ts';
import { maskPhone } from '../../crypto/mask.ts';
import { newId } from '../../ids.ts';
import { enqueueJob } from '../../jobs/queue.ts';
import { type JobHandler, untilRecorded } from '../../jobs/worker.ts';
import type { Metrics } from '../../metrics.ts';

export interface QueuedSms {
  smsId: string;
  jobId: string;
}

/** An SMS row as it is stored: recipient and body encrypted (the body carries a one-time code), status queued. */
export function smsRow(
  keys: KeyRing,
  sms: { to: string; body: string; purpose: string; acsTransID?: string | null; at: Date },
): NewSms & { id: string } {
  return {
    id: newId('sms', sms.at.getTime()),
    to_mac: keys.mac('phone', sms.to),
    to_enc: keys.encrypt(sms.to, 'phone'),
    to_masked: maskPhone(sms.to),
    body_enc: keys.encrypt(sms.body, 'sms'),
    purpose: sms.purpose,
    acs_trans_id: sms.acsTransID ?? null,
    status: 'queued',
    created_at: sms.at,
    updated_at: sms.at,
  };
}

/**
 * Queues a text in the caller's transaction: the row (`smsRow`) and the dispatch job. The worker sends it; with
 * SMS_PROVIDER=outbox the row is the inbox.
 */
export async function queueSms(
  trx: Executor,
  keys: KeyRing,
  sms: { to: string; body: string; purpose: string; acsTransID?: string | null; at: Date },
): Promise<QueuedSms> {
  const row = smsRow(keys, sms);
  await insertSms(trx, row);
  const jobId = await enqueueJob(trx, { kind: 'sms', payload: { smsId: row.id }, at: sms.at });
  return { smsId: row.id, jobId };
}

/** SMS sends in the last 24 hours to one number (the SMS-pumping guard counts every purpose). */
export function sendsToPhoneSince(db: Executor, keys: KeyRing, phone: string, since: Date): Promise<number> {
  return countSmsTo(db, keys.mac('phone', phone), since);
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
      const row = await findSms(db, smsId);
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
        // The send's record and the job's completion in one statement (the worker then records nothing). Retried
        // like the worker's own record: the SMS is gone, a failed record must not send it again.
        const sent = { provider: sender.name, providerMessageId: result.providerMessageId, at: now() };
        const recorded = await untilRecorded(() => recordSmsSent(db, row.id, sent, job.id)).then(
          () => true,
          () => false,
        );
        return { ok: true, detail: result.providerMessageId, ...(recorded && { recorded }) };
      }
      const giveUp = !result.retryable || now().getTime() - new Date(row.created_at).getTime() > 3 * 60_000;
      await recordSmsAttempt(db, row.id, {
        ...(giveUp && { status: 'failed' as const }),
        provider: sender.name,
        error: result.error,
        at: now(),
      });
      return { ok: false, retryable: result.retryable, error: result.error };
    },
  };
}
