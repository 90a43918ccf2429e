/**
 * The purchase SMS (issue #4 item 5): issuer, merchant, amount, the code, its validity, a warning never to
 * share it, and the WebOTP origin-bound last line (`@host #code`) so phones offer autofill only on our page.
 * One UCS-2 segment holds 70 UTF-16 units; richer variants are tried first, then shorter ones.
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
  // Issue #18 item 6: courteous, names the merchant, ONE segment. Richer variants first; the merchant name is
  // cut (with …) to the room the variant leaves; validity, then the amount, go before the name gets too short.
  const warn = '他人に教えないでください';
  const name = i.merchantName.replace(/\s+/g, ' ').trim();
  const variants: ((merchant: string) => string)[] = [
    (m) => `${head}\n${m} ${i.amount}\n${i.validMinutes}分有効・${warn}\n${webOtp}`,
    (m) => `${head}\n${m}\n${i.validMinutes}分有効・${warn}\n${webOtp}`,
    (m) => `${head}\n${m} ${i.amount}\n${warn}\n${webOtp}`,
    (m) => `${head}\n${m}\n${warn}\n${webOtp}`,
  ];
  if (!name) return `${head}\n${i.validMinutes}分有効・${warn}\n${webOtp}`;
  for (const [index, variant] of variants.entries()) {
    const room = UCS2_SEGMENT - variant('').length;
    const last = index === variants.length - 1;
    const merchant = cut(name, room);
    if (room >= Math.min(name.length, MERCHANT_MIN) || (last && merchant.length > 1)) return variant(merchant);
  }
  return `${head}\n${warn}\n${webOtp}`;
}

/** The shortest merchant name worth a richer variant (longer names are cut to fit, never below this). */
const MERCHANT_MIN = 8;

/** At most `max` UTF-16 units (what UCS-2 counts), whole characters only, `…` when cut. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** A phone-registration code (portal): no merchant, but the same warning and WebOTP line. */
export function registrationSmsText(i: Omit<PurchaseSmsInput, 'merchantName' | 'amount'>): string {
  return `【${i.issuerShortName}】電話番号の確認コード${i.code}\n${i.validMinutes}分有効・他人に教えないでください\n@${i.host} #${i.code}`;
}
