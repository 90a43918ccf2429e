import { sql } from 'kysely';
import type { Executor } from '../database.ts';
import type { JobRow, OtpCodesTable } from '../schema.ts';
import { jobInsert } from './jobs.ts';
import type { NewSms } from './sms-messages.ts';

/** One-time codes, stored only as MACs bound to purpose and subject (src/infra/crypto/otp.ts). */
export type CodePurpose = OtpCodesTable['purpose'];

/**
 * A new code and everything that goes with it in ONE statement (issue 19: a challenge's first CReq pays one
 * round trip, not five): earlier live codes of the subject superseded, the code stored, the send counted where
 * its purpose counts it, the SMS row and its dispatch job queued. Data-modifying CTEs all see the statement's
 * snapshot, so the new code is not among those superseded.
 */
export async function storeCodeAndQueueSms(
  trx: Executor,
  code: { id: string; purpose: CodePurpose; subject: string; codeMac: string; at: Date; expiresAt: Date },
  sms: NewSms & { id: string },
  job: JobRow,
): Promise<void> {
  const { at } = code;
  await trx
    .with('superseded', (db) =>
      db
        .updateTable('otp_codes')
        .set({ superseded_at: at })
        .where('subject', '=', code.subject)
        .where('purpose', '=', code.purpose)
        .where('superseded_at', 'is', null),
    )
    .with('code', (db) =>
      db.insertInto('otp_codes').values({
        id: code.id,
        purpose: code.purpose,
        subject: code.subject,
        code_mac: code.codeMac,
        created_at: at,
        expires_at: code.expiresAt,
      }),
    )
    // Where the purpose counts its sends (the resend limits read them; a resend never resets the failure count).
    .with('counted', (db) => {
      switch (code.purpose) {
        case 'purchase':
          return db
            .updateTable('transactions')
            .set((eb) => ({ otp_sends: eb('otp_sends', '+', 1), last_otp_sent_at: at, updated_at: at }))
            .where('acs_trans_id', '=', code.subject);
        case 'phone_registration':
          return db
            .updateTable('phone_registration_attempts')
            .set((eb) => ({ sends: eb('sends', '+', 1), last_sent_at: at }))
            .where('id', '=', code.subject);
        case 'passkey_registration':
          return db
            .updateTable('passkey_ceremonies')
            .set((eb) => ({ sends: eb('sends', '+', 1), last_sent_at: at }))
            .where('id', '=', code.subject);
      }
    })
    .with('sms', (db) => db.insertInto('sms_messages').values(sms))
    .insertInto('jobs')
    .values(jobInsert(job))
    .execute();
}

/**
 * The newest live code of a subject and, in the SAME statement (issue 19: a submit pays one round trip for its
 * code, not two), that code taken if `take` holds and its MAC is `codeMac`: used only if unused, not superseded
 * and unexpired at `at`, so two concurrent submits of one code cannot both take it. The MACs compared in SQL are
 * keyed (src/infra/crypto/otp.ts): nobody without the key can aim at a stored one.
 */
export async function takeNewestCode(
  db: Executor,
  purpose: CodePurpose,
  subject: string,
  codeMac: string,
  take: boolean,
  at: Date,
): Promise<{ code_mac: string; expires_at: Date; taken: boolean } | undefined> {
  const { rows } = await sql<{ code_mac: string; expires_at: Date; taken: boolean }>`
    with newest as (
      select id, code_mac, expires_at from otp_codes
      where subject = ${subject} and purpose = ${purpose} and superseded_at is null
      order by created_at desc limit 1
    ),
    taken as (
      update otp_codes set used_at = ${at} from newest
      where otp_codes.id = newest.id and newest.code_mac = ${codeMac} and ${take}::boolean
        and otp_codes.used_at is null and otp_codes.superseded_at is null and otp_codes.expires_at > ${at}
      returning otp_codes.id
    )
    select code_mac, expires_at, exists (select 1 from taken) as taken from newest`.execute(db);
  return rows[0];
}
