import type { Config } from '../../../app/config.ts';
import type { NoticeRow } from '../../../storage/tables/operations.ts';

type Issuer = Pick<Config, 'ISSUER_NAME' | 'ISSUER_NAME_EN' | 'ISSUER_CALL_CENTRE' | 'PUBLIC_URL'>;
type NoticeText = Pick<NoticeRow, 'id' | 'kind' | 'title' | 'title_en' | 'body' | 'body_en'>;

const KIND_JA: Record<NoticeRow['kind'], string> = {
  maintenance: 'メンテナンスのお知らせ',
  emergency: '緊急のお知らせ',
  service_change: 'サービス内容変更のお知らせ',
  terms: '利用規約改定のお知らせ',
};

/**
 * A notice emailed to a member (terms art. 3-2, 11-2, 12-2): Japanese first, the same notice in English below.
 * Plain text only; the member's name is the only personal data in it.
 */
export function noticeEmail(c: Issuer, notice: NoticeText, memberName: string): { subject: string; text: string } {
  const link = `${c.PUBLIC_URL}/notices#${notice.id}`;
  const text = [
    `${memberName} 様`,
    '',
    `${c.ISSUER_NAME} 本人認証サービス（e-net サービス）からの${KIND_JA[notice.kind]}です。`,
    '',
    `■ ${notice.title}`,
    '',
    notice.body,
    '',
    `お知らせの一覧: ${link}`,
    `お問い合わせ: ${c.ISSUER_NAME} 本人認証サービス窓口 ${c.ISSUER_CALL_CENTRE}`,
    '※ このメールは送信専用です。ご登録いただいている本人認証サービスの会員の皆さまにお送りしています。',
    '',
    '----- English -----',
    '',
    `A notice from the ${c.ISSUER_NAME_EN} authentication service (e-net service).`,
    '',
    `■ ${notice.title_en}`,
    '',
    notice.body_en,
    '',
    `All notices: ${c.PUBLIC_URL}/notices?lang=en#${notice.id}`,
    `Questions: ${c.ISSUER_CALL_CENTRE}`,
    'This address does not receive replies. You receive this email as a member of the authentication service.',
  ].join('\n');
  return { subject: `【${c.ISSUER_NAME}】${notice.title} / ${notice.title_en}`, text };
}
