import { formatAmount } from '../../../core/format.ts';
import { otpTtlMs } from '../../../core/otp-policy.ts';
import { purchaseSmsText } from '../../../core/sms-text.ts';
import type { KeyRing } from '../../../infra/crypto/keyring.ts';
import type { Executor } from '../../../storage/database.ts';
import type { JobRow, TransactionRow } from '../../../storage/schema.ts';
import { issueOneTimeCode } from '../otp-codes.ts';

/**
 * Issues a purchase code for the transaction (issueOneTimeCode, in the caller's transaction): bound to the
 * acsTransID, the SMS names the merchant and amount. The failure count is untouched (a resend never resets it).
 * The SMS job is created claimed: the caller runs it once its transaction commits.
 */
export function issuePurchaseCode(
  trx: Executor,
  keys: KeyRing,
  txn: TransactionRow,
  sms: { phone: string; issuerShortName: string; host: string; ttlSeconds: number },
  at: Date,
): Promise<{ smsJob: JobRow }> {
  const ttl = otpTtlMs(sms.ttlSeconds);
  return issueOneTimeCode(trx, keys, {
    purpose: 'purchase',
    subject: txn.acs_trans_id,
    acsTransID: txn.acs_trans_id,
    phone: sms.phone,
    ttlMs: ttl,
    smsText: (code) =>
      purchaseSmsText({
        issuerShortName: sms.issuerShortName,
        merchantName: txn.merchant_name ?? '',
        amount: formatAmount(txn.purchase_amount, txn.purchase_currency, txn.purchase_exponent, 'ja'),
        code,
        validMinutes: Math.round(ttl / 60_000),
        host: sms.host,
      }),
    at,
    // both callers (the first CReq, a resend) dispatch it at once (ChallengeDeps.dispatchNow)
    dispatchedByCaller: true,
  });
}
