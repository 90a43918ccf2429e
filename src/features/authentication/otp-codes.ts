import type { KeyRing } from '../../infra/crypto/keyring.ts';
import { macsEqual, type OtpPurpose, otpMac } from '../../infra/crypto/otp.ts';
import type { Db } from '../../storage/database.ts';

export type CodeCheck = 'spent' | 'wrong' | 'expired';

/**
 * Checks a submitted one-time code against the newest live code of `purpose` for `subject` and, when it matches
 * (and `alsoRequired` holds, e.g. the e-net ID entered with it), spends it with one conditional UPDATE, so two
 * concurrent submits of the same code cannot both succeed. `expired` is reported only for a correct code.
 * The one place the challenge and the portal's phone confirmation consume codes.
 */
export async function spendCode(
  db: Db,
  keys: KeyRing,
  purpose: OtpPurpose,
  subject: string,
  code: string | undefined,
  at: Date,
  alsoRequired = true,
): Promise<CodeCheck> {
  const current = await db
    .selectFrom('otp_codes')
    .select(['id', 'code_mac', 'expires_at'])
    .where('subject', '=', subject)
    .where('purpose', '=', purpose)
    .where('superseded_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const matches =
    code !== undefined && current !== undefined && macsEqual(current.code_mac, otpMac(keys, purpose, subject, code));
  if (!matches || !alsoRequired) return 'wrong';
  if (new Date(current.expires_at).getTime() <= at.getTime()) return 'expired';
  const spent = await db
    .updateTable('otp_codes')
    .set({ used_at: at })
    .where('id', '=', current.id)
    .where('used_at', 'is', null)
    .where('superseded_at', 'is', null)
    .where('expires_at', '>', at)
    .returning('id')
    .executeTakeFirst();
  return spent ? 'spent' : 'wrong';
}
