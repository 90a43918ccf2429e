import type { Catalogue } from '../../core/i18n.ts';

/** The portal's trusted-merchant pages (docs/portal.md, docs/risk.md "Trusted merchants"); our own words. */
export interface TrustedTexts {
  title: string;
  homeLink: string;
  intro: string;
  none: string;
  added: string;
  fromChallenge: string;
  remove: (name: string) => string;
  confirmTitle: string;
  confirmIntro: (name: string) => string;
  confirmEffect: string;
  confirmButton: string;
  back: string;
  removed: string;
}

const ja: TrustedTexts = {
  title: '信頼できるお店',
  homeLink: '信頼できるお店の確認・解除',
  intro:
    'ネットショッピングの本人認証の画面で「このお店を信頼できるお店に登録する」を選んだお店です。登録したお店でのお買い物では、ワンタイムパスワードの入力を省略できる場合があります。心当たりのないお店や、もう使わないお店は解除してください。',
  none: '登録したお店はありません。',
  added: '登録日',
  fromChallenge: '本人認証の画面から登録',
  remove: (name) => `「${name}」を解除する`,
  confirmTitle: '信頼できるお店の解除',
  confirmIntro: (name) => `「${name}」を信頼できるお店から外します。`,
  confirmEffect:
    '解除すると、このお店でのお買い物では、これまでどおりワンタイムパスワードの入力をお願いすることがあります。',
  confirmButton: '解除する',
  back: '一覧に戻る',
  removed: '信頼できるお店から外しました。',
};

const en: TrustedTexts = {
  title: 'Trusted shops',
  homeLink: 'Check or remove trusted shops',
  intro:
    'Shops you added with "Add this shop to my trusted shops" on the purchase authentication screen. Purchases at a trusted shop may go through without a one-time password. Remove any shop you do not recognise or no longer use.',
  none: 'You have no trusted shops.',
  added: 'Added on',
  fromChallenge: 'Added on the authentication screen',
  remove: (name) => `Remove "${name}"`,
  confirmTitle: 'Remove a trusted shop',
  confirmIntro: (name) => `"${name}" will be taken off your trusted shops.`,
  confirmEffect: 'Purchases at this shop may then ask for a one-time password again.',
  confirmButton: 'Remove',
  back: 'Back to the list',
  removed: 'The shop was removed from your trusted shops.',
};

export const TRUSTED_TEXTS: Catalogue<TrustedTexts> = { ja, en };
