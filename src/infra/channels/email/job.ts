import type { Mailer } from '../../../core/ports.ts';
import type { Db, Executor } from '../../../storage/database.ts';
import { findEmail, insertEmail, recordEmailAttempt } from '../../../storage/repositories/emails.ts';
import { newId } from '../../ids.ts';
import { enqueueJob } from '../../jobs/queue.ts';
import type { JobHandler } from '../../jobs/worker.ts';

/**
 * Queues an email in the caller's transaction (row + dispatch job). Without SMTP_URL the `emails` table is
 * the development outbox; with it the worker sends through nodemailer.
 */
export async function queueEmail(
  trx: Executor,
  email: { to: string; subject: string; text: string; html?: string; purpose: string; at: Date },
): Promise<{ emailId: string; jobId: string }> {
  const emailId = newId('eml', email.at.getTime());
  await insertEmail(trx, {
    id: emailId,
    to_address: email.to,
    subject: email.subject,
    text_body: email.text,
    html_body: email.html ?? null,
    purpose: email.purpose,
    status: 'queued',
    created_at: email.at,
    updated_at: email.at,
  });
  const jobId = await enqueueJob(trx, { kind: 'email', payload: { emailId }, at: email.at });
  return { emailId, jobId };
}

export const outboxMailer: Mailer = {
  name: 'outbox',
  send: async (m) => ({ ok: true, providerMessageId: `outbox-${m.id}` }),
  close: async () => {},
};

export function emailJobHandler(db: Db, mailer: Mailer, now: () => Date): JobHandler {
  return {
    retryWindowMs: 24 * 3600_000,
    async run(job) {
      const emailId = String((job.payload as { emailId?: unknown }).emailId ?? '');
      const row = await findEmail(db, emailId);
      if (!row) return { ok: false, retryable: false, error: 'email row missing' };
      if (row.status !== 'queued') return { ok: true, detail: `already ${row.status}` };
      const result = await mailer.send({
        id: row.id,
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        ...(row.html_body !== null && { html: row.html_body }),
      });
      await recordEmailAttempt(
        db,
        row.id,
        result.ok
          ? {
              status: 'sent',
              provider: mailer.name,
              provider_message_id: result.providerMessageId,
              error: null,
              updated_at: now(),
            }
          : {
              provider: mailer.name,
              error: result.error,
              ...(!result.retryable && { status: 'failed' as const }),
              updated_at: now(),
            },
      );
      return result.ok
        ? { ok: true, detail: result.providerMessageId }
        : { ok: false, retryable: result.retryable, error: result.error };
    },
  };
}
