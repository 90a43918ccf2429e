import type { Mailer, SmsSender } from '../../src/core/ports.ts';
import { emailJobHandler, outboxMailer, queueEmail } from '../../src/infra/channels/email/job.ts';
import { outboxSender, queueSms, smsJobHandler } from '../../src/infra/channels/sms/job.ts';
import { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { createMetrics } from '../../src/infra/metrics.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import type { JobRow } from '../../src/storage/schema.ts';
import { createTestDatabase, type Dialect, type TestDatabase } from '../support/databases.ts';
import { emailContract } from '../support/email-contract.ts';
import { smsContract } from '../support/sms-contract.ts';

/**
 * The development outboxes run the same contracts as Twilio, SMPP and SMTP: a send goes through the real
 * path (row + job in one transaction, then the dispatch handler) and "received" is what the outbox holds.
 */
const pgUrl = process.env.TEST_DATABASE_URL;
const shared = new Map<Dialect, Promise<{ database: TestDatabase; keys: KeyRing }>>();

function open(dialect: Dialect) {
  let p = shared.get(dialect);
  if (!p) {
    p = (async () => {
      const database = await createTestDatabase(dialect);
      return { database, keys: await KeyRing.open(database.masterKey, keyStore(database.db)) };
    })();
    shared.set(dialect, p);
  }
  return p;
}

const now = () => new Date();
const job = (id: string, payload: Record<string, unknown>): JobRow =>
  ({
    id,
    kind: 'x',
    payload,
    status: 'pending',
    attempts: 1,
    run_at: now(),
    locked_until: null,
    last_error: null,
    created_at: now(),
    done_at: null,
  }) as JobRow;

for (const dialect of ['pglite', 'postgres'] as const) {
  if (dialect === 'postgres' && !pgUrl) continue;

  smsContract(`outbox [${dialect}]`, async () => {
    const { database, keys } = await open(dialect);
    const handler = smsJobHandler(database.db, keys, outboxSender, createMetrics(), now);
    const mine: string[] = [];
    const sender: SmsSender = {
      name: 'outbox',
      async send(m) {
        const queued = await database.db
          .transaction()
          .execute((trx) => queueSms(trx, keys, { to: m.to, body: m.body, purpose: 'contract', at: now() }));
        mine.push(queued.smsId);
        const outcome = await handler.run(job(queued.jobId, { smsId: queued.smsId }));
        return outcome.ok
          ? { ok: true, providerMessageId: `outbox-${queued.smsId}` }
          : { ok: false, retryable: outcome.retryable, error: outcome.error };
      },
      close: async () => {},
    };
    return {
      sender,
      received: async () => {
        const rows = mine.length
          ? await database.db
              .selectFrom('sms_messages')
              .select(['id', 'to_enc', 'body_enc', 'status'])
              .where('id', 'in', mine)
              .orderBy('id')
              .execute()
          : [];
        return rows
          .filter((r) => r.status === 'sent')
          .map((r) => ({ to: keys.decrypt(r.to_enc, 'phone'), body: keys.decrypt(r.body_enc, 'sms') }));
      },
      close: async () => {},
    };
  });

  emailContract(`outbox [${dialect}]`, async () => {
    const { database } = await open(dialect);
    const handler = emailJobHandler(database.db, outboxMailer, now);
    const mine: string[] = [];
    const mailer: Mailer = {
      name: 'outbox',
      async send(m) {
        const queued = await database.db.transaction().execute((trx) =>
          queueEmail(trx, {
            to: m.to,
            subject: m.subject,
            text: m.text,
            ...(m.html && { html: m.html }),
            purpose: 'contract',
            at: now(),
          }),
        );
        mine.push(queued.emailId);
        const outcome = await handler.run(job(queued.jobId, { emailId: queued.emailId }));
        return outcome.ok
          ? { ok: true, providerMessageId: `outbox-${queued.emailId}` }
          : { ok: false, retryable: outcome.retryable, error: outcome.error };
      },
      close: async () => {},
    };
    return {
      mailer,
      received: async () => {
        const rows = mine.length
          ? await database.db
              .selectFrom('emails')
              .select(['id', 'to_address', 'subject', 'text_body', 'html_body', 'status'])
              .where('id', 'in', mine)
              .orderBy('id')
              .execute()
          : [];
        return rows
          .filter((r) => r.status === 'sent')
          .map((r) => ({
            to: r.to_address,
            subject: r.subject,
            text: r.text_body,
            ...(r.html_body !== null && { html: r.html_body }),
          }));
      },
      close: async () => {},
    };
  });
}

process.on('beforeExit', () => {
  for (const p of shared.values()) void p.then(({ database }) => database.close());
  shared.clear();
});
