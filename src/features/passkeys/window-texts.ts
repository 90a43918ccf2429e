import type { Catalogue } from '../../core/i18n.ts';

/** The passkey window's words (docs/passkeys.md). */
export interface WindowTexts {
  title: string;
  merchant: string;
  amount: string;
  intro: string;
  use: string;
  approvedTitle: string;
  approvedBody: string;
  endedTitle: string;
  endedBody: string;
  refused: Record<'invalid' | 'unknown_passkey' | 'not_allowed', string>;
  unsupported: string;
  cancelled: string;
}

const ja: WindowTexts = {
  title: 'パスキーで本人認証',
  merchant: 'ご利用先',
  amount: 'ご利用金額',
  intro: '「パスキーで認証」を押し、この端末の指紋・顔・画面ロックで確認してください。',
  use: 'パスキーで認証',
  approvedTitle: '認証しました',
  approvedBody: 'お買い物の画面に戻ってください。このウィンドウは閉じてかまいません。',
  endedTitle: 'この認証は終了しています',
  endedBody: 'お買い物の画面に戻り、表示に従ってください。このウィンドウは閉じてかまいません。',
  refused: {
    invalid: 'パスキーを確認できませんでした。もう一度お試しいただくか、お買い物の画面で SMS で認証してください。',
    unknown_passkey:
      'このパスキーはこのカードの本人認証には使えません。登録済みのパスキーを選ぶか、お買い物の画面で SMS で認証してください。',
    not_allowed: '現在パスキーはご利用いただけません。お買い物の画面で SMS で認証してください。',
  },
  unsupported: 'このブラウザーではパスキーを使えません。お買い物の画面で SMS で認証してください。',
  cancelled: 'パスキーでの認証が完了しませんでした。もう一度お試しください。',
};

const en: WindowTexts = {
  title: 'Confirm with a passkey',
  merchant: 'Merchant',
  amount: 'Amount',
  intro: 'Press “Use a passkey” and confirm with this device’s fingerprint, face or screen lock.',
  use: 'Use a passkey',
  approvedTitle: 'Confirmed',
  approvedBody: 'Please go back to the shop. You can close this window.',
  endedTitle: 'This confirmation has ended',
  endedBody: 'Please go back to the shop and follow what it shows. You can close this window.',
  refused: {
    invalid: 'The passkey could not be verified. Try again, or use SMS on the shop’s page.',
    unknown_passkey:
      'This passkey cannot confirm purchases with this card. Choose your registered passkey, or use SMS.',
    not_allowed: 'Passkeys are not available right now. Please use SMS on the shop’s page.',
  },
  unsupported: 'This browser cannot use passkeys. Please use SMS on the shop’s page.',
  cancelled: 'The passkey did not confirm. Please try again.',
};

export const WINDOW_TEXTS: Catalogue<WindowTexts> = { ja, en };
