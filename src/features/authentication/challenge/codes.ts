import { formatAmount } from '../../../core/format.ts';
import { otpTtlMs } from '../../../core/otp-policy.ts';
import { purchaseSmsText } from '../../../core/sms-text.ts';
import { queueSms } from '../../../infra/channels/sms/job.ts';
import type { KeyRing } from '../../../infra/crypto/keyring.ts';
import { generateOtp, otpMac } from '../../../infra/crypto/otp.ts';
import { newId } from '../../../infra/ids.ts';
import type { Db } from '../../../storage/database.ts';
import type { TransactionRow } from '../../../storage/schema.ts';

/**
 * Issues a purchase code for the transaction, in the caller's transaction: supersedes earlier codes, stores
 * only the MAC, queues the SMS and counts the send. The failure count is untouched (a resend never resets it).
 */
export async function issuePurchaseCode(
  trx: Db,
  keys: KeyRing,
  txn: TransactionRow,
  sms: { phone: string; issuerShortName: string; host: string; ttlSeconds: number },
  at: Date,
): Promise<{ smsJobId: string }> {
  const code = generateOtp();
  const ttl = otpTtlMs(sms.ttlSeconds);
  await trx
    .updateTable('otp_codes')
    .set({ superseded_at: at })
    .where('subject', '=', txn.acs_trans_id)
    .where('purpose', '=', 'purchase')
    .where('superseded_at', 'is', null)
    .execute();
  await trx
    .insertInto('otp_codes')
    .values({
      id: newId('otp', at.getTime()),
      purpose: 'purchase',
      subject: txn.acs_trans_id,
      code_mac: otpMac(keys, 'purchase', txn.acs_trans_id, code),
      created_at: at,
      expires_at: new Date(at.getTime() + ttl),
    })
    .execute();
  await trx
    .updateTable('transactions')
    .set((eb) => ({ otp_sends: eb('otp_sends', '+', 1), last_otp_sent_at: at, updated_at: at }))
    .where('acs_trans_id', '=', txn.acs_trans_id)
    .execute();
  const body = purchaseSmsText({
    issuerShortName: sms.issuerShortName,
    merchantName: txn.merchant_name ?? '',
    amount: formatAmount(txn.purchase_amount, txn.purchase_currency, txn.purchase_exponent, 'ja'),
    code,
    validMinutes: Math.round(ttl / 60_000),
    host: sms.host,
  });
  const queued = await queueSms(trx, keys, {
    to: sms.phone,
    body,
    purpose: 'purchase',
    acsTransID: txn.acs_trans_id,
    at,
  });
  return { smsJobId: queued.jobId };
}
