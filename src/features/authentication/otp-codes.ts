import { smsRow } from '../../infra/channels/sms/job.ts';
import type { KeyRing } from '../../infra/crypto/keyring.ts';
import { generateOtp, macsEqual, type OtpPurpose, otpMac } from '../../infra/crypto/otp.ts';
import { newId } from '../../infra/ids.ts';
import type { Executor } from '../../storage/database.ts';
import { newJobRow } from '../../storage/repositories/jobs.ts';
import { storeCodeAndQueueSms, takeNewestCode } from '../../storage/repositories/otp-codes.ts';
import type { JobRow } from '../../storage/schema.ts';

export type CodeCheck = 'spent' | 'wrong' | 'expired';

export interface CodeToIssue {
  purpose: OtpPurpose;
  /**
   * The acsTransID (purchase), the registration attempt (phone_registration) or the passkey ceremony
   * (passkey_registration) the code is bound to.
   */
  subject: string;
  phone: string;
  ttlMs: number;
  /** The SMS text carrying the code: the only place the code exists in clear. */
  smsText: (code: string) => string;
  /** The transaction the SMS belongs to (purchase). */
  acsTransID?: string;
  at: Date;
  /**
   * The caller runs the SMS job itself once its transaction commits (`smsJob`, JobWorker.runClaimed): the job is
   * created already claimed. Otherwise it is left to the worker.
   */
  dispatchedByCaller?: boolean;
}

/**
 * The one way a one-time code is issued, in the caller's transaction: a CSPRNG code, stored only as a MAC bound
 * to its purpose and subject (superseding earlier codes of the subject), the send counted, and the SMS row and
 * its job queued, all in one statement (`storeCodeAndQueueSms`), so the code, the count and the text commit
 * together or not at all.
 */
export async function issueOneTimeCode(trx: Executor, keys: KeyRing, issue: CodeToIssue): Promise<{ smsJob: JobRow }> {
  const { purpose, subject, at } = issue;
  const code = generateOtp();
  const sms = smsRow(keys, {
    to: issue.phone,
    body: issue.smsText(code),
    purpose,
    ...(issue.acsTransID !== undefined && { acsTransID: issue.acsTransID }),
    at,
  });
  const smsJob = newJobRow(
    { id: newId('job', at.getTime()), kind: 'sms', payload: { smsId: sms.id }, at },
    issue.dispatchedByCaller === true,
  );
  const stored = {
    id: newId('otp', at.getTime()),
    purpose,
    subject,
    codeMac: otpMac(keys, purpose, subject, code),
    at,
    expiresAt: new Date(at.getTime() + issue.ttlMs),
  };
  await storeCodeAndQueueSms(trx, stored, sms, smsJob);
  return { smsJob };
}

/**
 * Checks a submitted one-time code against the newest live code of `purpose` for `subject` and, when it matches
 * (and `alsoRequired` holds, e.g. the e-net ID entered with it), spends it with one conditional UPDATE, so two
 * concurrent submits of the same code cannot both succeed. `expired` is reported only for a correct code.
 * The one place the challenge and the portal's phone confirmation consume codes.
 */
export async function spendCode(
  db: Executor,
  keys: KeyRing,
  purpose: OtpPurpose,
  subject: string,
  code: string | undefined,
  at: Date,
  alsoRequired = true,
): Promise<CodeCheck> {
  const mac = code === undefined ? '' : otpMac(keys, purpose, subject, code);
  // Read and (when it matches) taken in one statement; the answer below is decided in constant time as before.
  const current = await takeNewestCode(db, purpose, subject, mac, code !== undefined && alsoRequired, at);
  const matches = code !== undefined && current !== undefined && macsEqual(current.code_mac, mac);
  if (!matches || !alsoRequired) return 'wrong';
  if (current.taken) return 'spent';
  if (new Date(current.expires_at).getTime() <= at.getTime()) return 'expired';
  return 'wrong'; // live and matching, but already used (a concurrent submit took it)
}
