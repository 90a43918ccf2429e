import type { Config } from '../../../app/config.ts';
import { jstDateTime } from './time.ts';

/**
 * Member emails and notices from the portal, in Japanese (the members' language; the portal itself also
 * speaks English). Never a full phone number, PAN or code: masked forms only.
 */
export interface EmailContent {
  subject: string;
  text: string;
  purpose: string;
}

export type Issuer = Pick<Config, 'ISSUER_NAME' | 'ISSUER_CALL_CENTRE' | 'PUBLIC_URL'>;

export function letter(c: Issuer, name: string, lines: string[]): string {
  return [
    `${name} 様`,
    '',
    ...lines,
    '',
    'お心当たりがない場合は、至急下記までご連絡ください。',
    `${c.ISSUER_NAME} 本人認証サービス窓口 ${c.ISSUER_CALL_CENTRE}`,
    '',
    `e-net サービス: ${c.PUBLIC_URL}/enet`,
    '※ このメールは送信専用です。',
  ].join('\n');
}

export function passwordLinkEmail(c: Issuer, name: string, purpose: 'setup' | 'reset', url: string): EmailContent {
  const what = purpose === 'setup' ? 'パスワードの初回設定' : 'パスワードの再設定';
  return {
    subject: `【${c.ISSUER_NAME}】e-net サービス ${what}のご案内`,
    purpose: `portal_password_${purpose}`,
    text: letter(c, name, [
      `e-net サービスの${what}のお申し込みを受け付けました。`,
      '下記のリンクから 30 分以内に新しいパスワードを設定してください。リンクは 1 回だけ使えます。',
      '',
      url,
    ]),
  };
}

export function passwordSetEmail(c: Issuer, name: string, at: Date): EmailContent {
  return {
    subject: `【${c.ISSUER_NAME}】e-net サービスのパスワードを設定しました`,
    purpose: 'portal_password_set',
    text: letter(c, name, [
      `${jstDateTime(at, 'ja')} に e-net サービスのパスワードを設定しました。`,
      '安全のため、ほかの端末ではサインアウトしました。',
    ]),
  };
}

export function phoneRegisteredEmail(
  c: Issuer,
  name: string,
  kind: 'register' | 'change',
  maskedPhone: string,
  at: Date,
): EmailContent {
  const what = kind === 'register' ? '登録' : '変更';
  return {
    subject: `【${c.ISSUER_NAME}】本人認証サービスの電話番号を${what}しました`,
    purpose: `portal_phone_${kind}`,
    text: letter(c, name, [
      `${jstDateTime(at, 'ja')} に、本人認証サービスでワンタイムパスワードを受け取る電話番号を${what}しました。`,
      `登録した電話番号: ${maskedPhone}`,
    ]),
  };
}

export function lostStolenEmail(c: Issuer, name: string, at: Date): EmailContent {
  return {
    subject: `【${c.ISSUER_NAME}】携帯電話の紛失・盗難の届出を受け付けました`,
    purpose: 'portal_lost_stolen',
    text: letter(c, name, [
      `${jstDateTime(at, 'ja')} に携帯電話の紛失・盗難の届出を受け付け、本人認証サービスを停止しました。`,
      `再開の手続きは ${c.ISSUER_CALL_CENTRE} までお電話ください。`,
    ]),
  };
}

export function unregisteredEmail(c: Issuer, name: string, at: Date): EmailContent {
  return {
    subject: `【${c.ISSUER_NAME}】本人認証サービスの登録を解除しました`,
    purpose: 'portal_unregistered',
    text: letter(c, name, [
      `${jstDateTime(at, 'ja')} に本人認証サービスの登録を解除しました。`,
      'ネットショッピングで本人認証が必要な場合、お支払いができないことがあります。',
      'e-net サービスからいつでも登録し直せます。',
    ]),
  };
}

export function fraudReceiptEmail(c: Issuer, name: string, reference: string, count: number, at: Date): EmailContent {
  return {
    subject: `【${c.ISSUER_NAME}】不正利用のお届けを受け付けました（受付番号 ${reference}）`,
    purpose: 'portal_fraud_report',
    text: letter(c, name, [
      `${jstDateTime(at, 'ja')} に不正利用のお届けを受け付けました。`,
      `受付番号: ${reference}`,
      `対象のお取引: ${count} 件`,
      '担当者から、ご希望の方法でご連絡します。調査へのご協力をお願いいたします。',
    ]),
  };
}

/** The notice to the old number after a phone change (terms art. 2-2). */
export function phoneChangedSms(c: Pick<Config, 'ISSUER_SHORT_NAME' | 'ISSUER_CALL_CENTRE'>): string {
  return `【${c.ISSUER_SHORT_NAME}】本人認証サービスの電話番号が変更されました。お心当たりがない場合は${c.ISSUER_CALL_CENTRE}へ`;
}
