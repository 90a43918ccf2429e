import type { Catalogue } from '../../shared/i18n.ts';

const ja = {
  title: 'ホーム',
  greeting: (name: string) => `${name} 様`,
  statusHeading: '本人認証サービスのご登録状況',
  phone: 'ワンタイムパスワードの送信先',
  noPhone: '登録されていません',
  register: '電話番号を登録する',
  change: '電話番号を変更する',
  lost: '携帯電話の紛失・盗難を届け出る',
  unregister: '登録を解除する',
  callUs: (tel: string) => `再開のお手続き・お問い合わせ: ${tel}`,
  cardsHeading: 'ご利用のカード',
  expiry: '有効期限',
  closed: '解約済み',
  noCards: '登録されているカードはありません。',
  noticesHeading: 'お知らせ',
  noNotices: '現在、お知らせはありません。',
  termsHeading: '利用規約',
  termsAccepted: (version: string, at: string) => `${version} 版に同意済み（${at}）`,
  termsNeeded: (version: string) => `最新の利用規約（${version} 版）をご確認のうえ、同意してください。`,
  termsLink: '利用規約を確認する',
  moreHeading: 'その他の操作',
  history: '認証履歴を見る',
  fraud: '身に覚えのない取引を届け出る',
  sessions: 'ログイン中の端末を確認する',
};

export type HomeTexts = typeof ja;

const en: HomeTexts = {
  title: 'Home',
  greeting: (name: string) => `Welcome, ${name}`,
  statusHeading: 'Your registration',
  phone: 'One-time passwords are sent to',
  noPhone: 'No phone registered',
  register: 'Register a phone number',
  change: 'Change the phone number',
  lost: 'Report your phone lost or stolen',
  unregister: 'Unregister',
  callUs: (tel: string) => `To resume, or for questions, call: ${tel}`,
  cardsHeading: 'Your cards',
  expiry: 'Expires',
  closed: 'Closed',
  noCards: 'No cards are registered.',
  noticesHeading: 'Notices',
  noNotices: 'There are no notices at the moment.',
  termsHeading: 'Terms of use',
  termsAccepted: (version: string, at: string) => `You accepted version ${version} (${at}).`,
  termsNeeded: (version: string) => `Please read and accept the current terms (version ${version}).`,
  termsLink: 'Read the terms',
  moreHeading: 'More',
  history: 'Authentication history',
  fraud: "Report a transaction you don't recognise",
  sessions: 'Signed-in devices',
};

export const HOME_TEXTS: Catalogue<HomeTexts> = { ja, en };
