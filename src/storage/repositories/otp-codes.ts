import type { Executor } from '../database.ts';
import type { OtpCodesTable } from '../schema.ts';

/** One-time codes, stored only as MACs bound to purpose and subject (src/infra/crypto/otp.ts). */
export type CodePurpose = OtpCodesTable['purpose'];

/** Stores a new code for a subject, superseding its earlier live codes (the caller's transaction). */
export async function storeCode(
  trx: Executor,
  code: { id: string; purpose: CodePurpose; subject: string; codeMac: string; at: Date; expiresAt: Date },
): Promise<void> {
  await trx
    .updateTable('otp_codes')
    .set({ superseded_at: code.at })
    .where('subject', '=', code.subject)
    .where('purpose', '=', code.purpose)
    .where('superseded_at', 'is', null)
    .execute();
  await trx
    .insertInto('otp_codes')
    .values({
      id: code.id,
      purpose: code.purpose,
      subject: code.subject,
      code_mac: code.codeMac,
      created_at: code.at,
      expires_at: code.expiresAt,
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
