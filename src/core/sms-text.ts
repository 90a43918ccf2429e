/**
 * The purchase SMS (issue #4 item 5): issuer, merchant, amount, the code, its validity, a warning never to
 * share it, and the WebOTP origin-bound last line (`@host #code`) so phones offer autofill only on our page.
 * One UCS-2 segment holds 70 characters; richer variants are tried first, then shorter ones.
 */
export const UCS2_SEGMENT = 70;

export interface PurchaseSmsInput {
  issuerShortName: string;
  merchantName: string;
  amount: string;
  code: string;
  validMinutes: number;
  /** Host (and port) of the page that asks for the code, for WebOTP. */
  host: string;
}

export function purchaseSmsText(i: PurchaseSmsInput): string {
  const webOtp = `@${i.host} #${i.code}`;
  const head = `【${i.issuerShortName}】認証コード${i.code}`;
  const warn = '他人に教えないで';
  const merchant = (max: number) =>
    i.merchantName.length > max ? `${i.merchantName.slice(0, max - 1)}…` : i.merchantName;
  const candidates = [
    `${head}\n${merchant(16)} ${i.amount}\n${i.validMinutes}分有効・${warn}\n${webOtp}`,
    `${head}\n${merchant(10)} ${i.amount}\n${i.validMinutes}分有効・${warn}\n${webOtp}`,
    `${head}\n${i.amount} ${i.validMinutes}分有効・${warn}\n${webOtp}`,
    `${head}\n${i.validMinutes}分有効・${warn}\n${webOtp}`,
  ];
  return candidates.find((t) => [...t].length <= UCS2_SEGMENT) ?? candidates[candidates.length - 1]!;
}

/** A phone-registration code (portal): no merchant, but the same warning and WebOTP line. */
export function registrationSmsText(i: Omit<PurchaseSmsInput, 'merchantName' | 'amount'>): string {
  return `【${i.issuerShortName}】電話番号の確認コード${i.code}\n${i.validMinutes}分有効・他人に教えないで\n@${i.host} #${i.code}`;
}
