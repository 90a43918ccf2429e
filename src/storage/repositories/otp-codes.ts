import type { Executor } from '../database.ts';
import type { OtpCodesTable } from '../schema.ts';
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
  jobId: string,
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
    .values({
      id: jobId,
      kind: 'sms',
      payload: JSON.stringify({ smsId: sms.id }),
      status: 'pending',
      run_at: at,
      created_at: at,
    })
    .execute();
}

/** The newest live (not superseded) code of a subject. */
export function currentCode(db: Executor, purpose: CodePurpose, subject: string) {
  return db
    .selectFrom('otp_codes')
    .select(['id', 'code_mac', 'expires_at'])
    .where('subject', '=', subject)
    .where('purpose', '=', purpose)
    .where('superseded_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Takes a code in one conditional statement: only if unused, not superseded and unexpired at `at`. */
export async function takeCode(db: Executor, id: string, at: Date): Promise<boolean> {
  const spent = await db
    .updateTable('otp_codes')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('superseded_at', 'is', null)
    .where('expires_at', '>', at)
    .returning('id')
    .executeTakeFirst();
  return spent !== undefined;
}
