import type { Catalogue } from '../../core/i18n.ts';

const ja = {
  title: '本人認証サービス利用規約',
  version: (v: string) => `${v} 版`,
  effective: (d: string) => `効力発生日: ${d}`,
  accepted: (v: string, at: string) => `${v} 版に ${at} に同意いただいています。`,
  acceptedCurrent: 'この版に同意いただいています。',
  notAccepted: 'この版にはまだ同意いただいていません。内容をご確認のうえ、同意してください。',
  agreeLabel: '上記の利用規約に同意します（認証の結果がご利用先の加盟店に通知されることを含みます）。',
  accept: '同意する',
  thanks: '利用規約への同意を記録しました。',
  stale: '利用規約が更新されています。最新の内容をご確認ください。',
  none: '現在、公開されている利用規約はありません。',
  japaneseOnly: '',
  changes: 'この版での主な変更点',
  upcoming: (v: string, d: string) =>
    `${d} から、改定後の利用規約（${v} 版）が適用されます。適用日以降に改めて同意をお願いします。`,
  upcomingLink: '改定後の利用規約を読む',
  articles: '条文（番号つき）',
  articlesNote: '調査結果やお知らせは「規約第5条第3項第3号」のように、この番号で条項を示します。',
};

export type TermsTexts = typeof ja;

const en: TermsTexts = {
  title: 'Terms of the authentication service',
  version: (v: string) => `Version ${v}`,
  effective: (d: string) => `In force from ${d}`,
  accepted: (v: string, at: string) => `You accepted version ${v} on ${at}.`,
  acceptedCurrent: 'You have accepted this version.',
  notAccepted: 'You have not accepted this version yet. Please read it and accept.',
  agreeLabel: 'I accept these terms (including that authentication results are sent to the merchant).',
  accept: 'Accept',
  thanks: 'Your acceptance is recorded.',
  stale: 'The terms have been updated. Please read the current version.',
  none: 'No terms are published at the moment.',
  japaneseOnly: 'The terms are written in Japanese; the Japanese text is the one that applies.',
  changes: 'What changed in this version',
  upcoming: (v: string, d: string) =>
    `Revised terms (version ${v}) apply from ${d}. You will be asked to accept them from that date.`,
  upcomingLink: 'Read the revised terms',
  articles: 'The articles, numbered',
  articlesNote:
    'Decisions and notices cite clauses by these numbers: "terms art. 5-3-3" is 第5条第3項第3号 (article 5, paragraph 3, item 3). The text is in Japanese.',
};

export const TERMS_TEXTS: Catalogue<TermsTexts> = { ja, en };
