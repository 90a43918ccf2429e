import type { Config } from '../../../app/config.ts';
import type { EmailContent } from '../../portal/service/emails.ts';

/**
 * Emails to the member about a fraud investigation, in plain Japanese (the members' language). They point to
 * the portal, where the same text is shown (in English too); nothing personal beyond the member's name.
 */
type Issuer = Pick<Config, 'ISSUER_NAME' | 'ISSUER_CALL_CENTRE' | 'PUBLIC_URL'>;

interface CaseRef {
  id: string;
  reference: string;
}

function caseUrl(c: Issuer, caseRef: CaseRef): string {
  return `${c.PUBLIC_URL}/enet/fraud/cases/${caseRef.id}`;
}

function footer(c: Issuer): string[] {
  return [
    '',
    'ご不明な点は、下記までお問い合わせください。',
    `${c.ISSUER_NAME} 本人認証サービス窓口 ${c.ISSUER_CALL_CENTRE}`,
    '※ このメールは送信専用です。',
  ];
}

function dateJa(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : date;
}

/** Terms art. 5-3: the member is asked to cooperate; the question itself is read in the portal (signed in). */
export function cooperationEmail(c: Issuer, name: string, caseRef: CaseRef, dueOn: string): EmailContent {
  return {
    subject: `【${c.ISSUER_NAME}】不正利用調査へのご協力のお願い（${caseRef.reference}）`,
    purpose: 'investigation_cooperation',
    text: [
      `${name} 様`,
      '',
      `お届けいただいた不正利用（受付番号 ${caseRef.reference}）の調査について、確認させていただきたいことがあります。`,
      `e-net サービスにサインインして、${dateJa(dueOn)}までにご回答ください。`,
      '',
      caseUrl(c, caseRef),
      '',
      '期日までにご回答がない場合、利用規約第5条第3項第3号により、お支払いの免除の対象外となることがあります。',
      ...footer(c),
    ].join('\n'),
  };
}

/** The outcome (terms art. 5-3), with the engine's explanation citing the clauses that applied. */
export function decisionEmail(c: Issuer, name: string, caseRef: CaseRef, decisionTextJa: string): EmailContent {
  return {
    subject: `【${c.ISSUER_NAME}】不正利用調査の結果のお知らせ（${caseRef.reference}）`,
    purpose: 'investigation_decision',
    text: [
      `${name} 様`,
      '',
      `お届けいただいた不正利用（受付番号 ${caseRef.reference}）の調査が終わりましたので、結果をお知らせします。`,
      '',
      decisionTextJa,
      '',
      'e-net サービスでも同じ内容をご確認いただけます。',
      caseUrl(c, caseRef),
      ...footer(c),
    ].join('\n'),
  };
}
