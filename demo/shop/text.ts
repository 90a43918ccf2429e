import type { DemoCardState } from '../seed/seed.ts';
import type { Lang } from './lang.ts';

export interface ShopText {
  shopName: string;
  tagline: string;
  simulatorNote: string;
  chooseProduct: string;
  payment: string;
  card: string;
  cardStates: Record<DemoCardState, string>;
  windowSize: string;
  windowSizes: Record<'01' | '02' | '03' | '04' | '05', string>;
  version: string;
  versionDefault: string;
  buy: string;
  phoneLink: string;
  mailLink: string;
  phoneHint: string;
  otherLang: string;
  otherLangHref: string;
  invalidOrder: string;
  back: string;
  collecting: string;
  collectingHelp: string;
  continue: string;
  challengeTitle: string;
  challengeHelp: string;
  startChallenge: string;
  finished: string;
  showResult: string;
  unknownTransaction: string;
}

const ja: ShopText = {
  shopName: 'ninsho デモショップ',
  tagline: 'Visa Secure（EMV 3-D Secure）の本人認証を体験できるデモ店舗です。',
  simulatorNote:
    'この店舗と、その 3DS サーバー・ディレクトリサーバー（DS）はシミュレーターです。本物は ACS（本人認証サーバー）だけで、カード番号はデモ用のテスト番号です。',
  chooseProduct: '商品を選ぶ',
  payment: 'お支払い',
  card: 'デモカード',
  cardStates: { enrolled: '登録済み', not_enrolled: '未登録', locked: 'ロック中', closed: '解約済み' },
  windowSize: 'チャレンジ画面のサイズ（challengeWindowSize）',
  windowSizes: {
    '01': '01 — 250×400',
    '02': '02 — 390×400',
    '03': '03 — 500×600',
    '04': '04 — 600×400',
    '05': '05 — 全画面',
  },
  version: 'プロトコルバージョン',
  versionDefault: '（標準）',
  buy: '購入手続きへ',
  phoneLink: 'SMS 受信箱（スマートフォン）を開く',
  mailLink: 'メール受信箱を開く',
  phoneHint: '別タブで開いて横に並べると、届いたワンタイムパスワードをすぐ確認できます。',
  otherLang: 'English',
  otherLangHref: '?lang=en',
  invalidOrder: '商品とカードを選んでください。',
  back: '店舗に戻る',
  collecting: 'ブラウザ情報を確認しています…',
  collectingHelp: '3DS メソッドを実行し、ブラウザ情報を集めています。自動で進まない場合はボタンを押してください。',
  continue: '続ける',
  challengeTitle: 'カード発行会社による本人認証',
  challengeHelp: '下の枠に、カード発行会社（ACS）の認証画面が表示されます。',
  startChallenge: '本人認証を開始する',
  finished: '本人認証が終わりました。',
  showResult: '結果を表示する',
  unknownTransaction: 'この取引は見つかりません（デモのため、古い取引は保存されません）。',
};

const en: ShopText = {
  shopName: 'ninsho Demo Shop',
  tagline: 'A demo shop for trying Visa Secure (EMV 3-D Secure) cardholder authentication.',
  simulatorNote:
    'This shop, its 3DS Server and the Directory Server (DS) are simulators. Only the ACS (the issuer’s authentication server) is real, and the card numbers are demo test numbers.',
  chooseProduct: 'Choose a product',
  payment: 'Payment',
  card: 'Demo card',
  cardStates: { enrolled: 'enrolled', not_enrolled: 'not enrolled', locked: 'locked', closed: 'closed' },
  windowSize: 'Challenge window size (challengeWindowSize)',
  windowSizes: {
    '01': '01 — 250×400',
    '02': '02 — 390×400',
    '03': '03 — 500×600',
    '04': '04 — 600×400',
    '05': '05 — full page',
  },
  version: 'Protocol version',
  versionDefault: '(default)',
  buy: 'Check out',
  phoneLink: 'Open the SMS inbox (phone)',
  mailLink: 'Open the mail inbox',
  phoneHint: 'Open it in another tab side by side to see the one-time code as it arrives.',
  otherLang: '日本語',
  otherLangHref: '?lang=ja',
  invalidOrder: 'Please choose a product and a card.',
  back: 'Back to the shop',
  collecting: 'Checking your browser…',
  collectingHelp: 'Running the 3DS Method and collecting browser information. If nothing happens, press the button.',
  continue: 'Continue',
  challengeTitle: 'Authentication by your card issuer',
  challengeHelp: 'The card issuer’s (ACS) authentication page appears in the frame below.',
  startChallenge: 'Start authentication',
  finished: 'Authentication has finished.',
  showResult: 'Show the result',
  unknownTransaction: 'This transaction is unknown (the demo keeps only recent transactions).',
};

export function shopText(lang: Lang): ShopText {
  return lang === 'en' ? en : ja;
}
