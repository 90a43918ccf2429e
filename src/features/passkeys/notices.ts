import type { Config } from '../../app/config.ts';
import { type EmailContent, type Issuer, letter } from '../portal/service/emails.ts';
import { jstDateTime } from '../portal/service/time.ts';

/** What the member is told about passkeys, in Japanese like every member notice (docs/passkeys.md). */

type Short = Pick<Config, 'ISSUER_SHORT_NAME' | 'ISSUER_CALL_CENTRE' | 'PUBLIC_URL'>;

/** The code that lets a passkey be added; it says what it is for, so a relayed request looks wrong. */
export function passkeyCodeSms(c: Short, code: string, validMinutes: number): string {
  const host = new URL(c.PUBLIC_URL).host;
  return `【${c.ISSUER_SHORT_NAME}】パスキー登録の確認コード${code}\n${validMinutes}分有効・他人に教えないでください\n@${host} #${code}`;
}

/** Every new passkey is announced to the registered phone, whoever added it. */
export function passkeyAddedSms(c: Short): string {
  return `【${c.ISSUER_SHORT_NAME}】本人認証サービスにパスキーが登録されました。お心当たりがない場合は${c.ISSUER_CALL_CENTRE}へ`;
}

export function passkeyAddedEmail(c: Issuer, name: string, passkeyName: string, at: Date): EmailContent {
  return {
    subject: `【${c.ISSUER_NAME}】本人認証サービスにパスキーを登録しました`,
    purpose: 'portal_passkey_added',
    text: letter(c, name, [
      `${jstDateTime(at, 'ja')} に、本人認証サービスで使うパスキー「${passkeyName}」を登録しました。`,
      'ネットショッピングの本人認証で、SMS のワンタイムパスワードの代わりにお使いいただけます。',
      '登録したパスキーは e-net サービスの「パスキー」から確認・削除できます。',
    ]),
  };
}
