import type { Catalogue } from '../../../core/i18n.ts';
import type { Enrollment } from '../../../storage/schema.ts';

/** Words every portal page shares: the frame, the navigation and the refusal pages. */
const ja = {
  service: 'e-net サービス',
  serviceSub: '本人認証サービス（Visa Secure）',
  nav: {
    home: 'ホーム',
    history: '認証履歴',
    passkeys: 'パスキー',
    terms: '利用規約',
    sessions: 'サインイン中の端末',
    signOut: 'サインアウト',
    cooperation: (n: number) => `調査へのご回答のお願い（${n}件）`,
  },
  switchLang: 'English',
  switchLangCode: 'en',
  back: 'ホームに戻る',
  refused: {
    title: 'この操作は受け付けられませんでした',
    body: '画面の有効期限が切れたか、別のサイトから送信された可能性があります。お手数ですが、ホームから操作をやり直してください。',
  },
  notFound: { title: 'ページが見つかりません', body: 'URL をご確認ください。' },
  enrollment: {
    not_enrolled: '未登録です。電話番号を登録すると、ネットショッピングで本人認証が使えるようになります。',
    enrolled: '登録済みです。ネットショッピングの本人認証で、登録した電話番号にワンタイムパスワードが届きます。',
    locked: '携帯電話の紛失・盗難の届出により、本人認証を停止しています。再開するには、お電話でお手続きください。',
    restricted: '当社の判断により、本人認証のご利用を制限しています。お問い合わせ窓口にご連絡ください。',
    deregistered: '登録は解除されています。',
  } satisfies Record<Enrollment, string>,
  deregisteredByMember: '登録は解除されています（お客さまのお申し出による解除）。いつでも登録し直せます。',
  dateTime: '日時',
};

export type CommonTexts = typeof ja;

const en: CommonTexts = {
  service: 'e-net service',
  serviceSub: 'Online authentication (Visa Secure)',
  nav: {
    home: 'Home',
    history: 'History',
    passkeys: 'Passkeys',
    terms: 'Terms',
    sessions: 'Signed-in devices',
    signOut: 'Sign out',
    cooperation: (n: number) => `Questions to answer (${n})`,
  },
  switchLang: '日本語',
  switchLangCode: 'ja',
  back: 'Back to home',
  refused: {
    title: 'This request was not accepted',
    body: 'The page may have expired, or the request came from another site. Please start again from the home page.',
  },
  notFound: { title: 'Page not found', body: 'Please check the address.' },
  enrollment: {
    not_enrolled: 'Not registered. Register a phone number to use authentication when shopping online.',
    enrolled: 'Registered. When you shop online, a one-time password is sent to your registered phone.',
    locked: 'Authentication is stopped because you reported your phone lost or stolen. Please call us to resume it.',
    restricted: 'We have restricted your use of authentication. Please contact us.',
    deregistered: 'Your registration has ended.',
  },
  deregisteredByMember: 'You unregistered from the service. You can register again at any time.',
  dateTime: 'Date and time',
};

export const COMMON_TEXTS: Catalogue<CommonTexts> = { ja, en };
