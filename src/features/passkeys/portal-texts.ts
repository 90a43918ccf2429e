import type { Catalogue, Lang } from '../../core/i18n.ts';
import { PHONE_TEXTS, type PhoneNotice } from '../portal/texts/phone.ts';

export type PasskeyNotice =
  | { kind: 'not_enrolled' | 'terms_not_covering' | 'terms_not_accepted' | 'too_many' }
  | { kind: 'transaction_limit' | 'phone_daily_limit' | 'ip_limit' | 'no_ceremony' | 'expired' | 'code_expired' }
  | { kind: 'cooldown'; secondsLeft: number }
  | { kind: 'wrong_code'; attemptsLeft: number }
  | { kind: 'code_sent' | 'added' | 'removed' | 'invalid_response' | 'already_registered' };

export interface PasskeyTexts {
  listTitle: string;
  intro: string;
  none: string;
  created: string;
  lastUsed: string;
  neverUsed: string;
  removedOn: string;
  remove: (name: string) => string;
  add: string;
  addHint: string;
  confirmTitle: string;
  confirmIntro: (masked: string) => string;
  codeLabel: string;
  confirm: string;
  paymentLabel: string;
  paymentHint: string;
  paymentChosen: string;
  paymentUsed: string;
  createTitle: string;
  createIntro: string;
  nameLabel: string;
  nameHint: string;
  nameError: string;
  create: string;
  noScript: string;
  unsupported: string;
  cancelled: string;
  notice: (n: PasskeyNotice) => string;
}

const ja: PasskeyTexts = {
  listTitle: 'パスキー',
  intro:
    'パスキーを登録すると、ネットショッピングの本人認証を、SMS のワンタイムパスワードの代わりにこの端末の指紋・顔・画面ロックで行えます。パスキーはこのサービスの正しいサイトでしか使えないため、偽サイトにだまし取られることがありません。SMS での認証もこれまでどおり選べます。',
  none: '登録したパスキーはありません。',
  created: '登録日',
  lastUsed: '最後に使った日時',
  neverUsed: 'まだ使われていません',
  removedOn: '削除・停止した日時',
  remove: (name) => `「${name}」を削除する`,
  add: 'パスキーを登録する',
  addHint: '登録の前に、ご登録の携帯電話に SMS で確認コードをお送りします。',
  confirmTitle: 'パスキー登録の確認コード',
  confirmIntro: (masked) => `${masked} に SMS で 6 桁の確認コードを送りました。届いたコードを入力してください。`,
  codeLabel: '確認コード（6 桁）',
  confirm: '確認する',
  paymentLabel: 'このパスキーをお店での支払い確認（SPC）にも使う',
  paymentHint:
    '対応するお店では、この端末の指紋・顔・画面ロックだけで支払いを確認できます。パスキーはこの端末に保存されます。',
  paymentChosen: 'このパスキーはお店での支払い確認（SPC）にも使います。この端末に保存されるパスキーを作成します。',
  paymentUsed: 'お支払い確認にも使用',
  createTitle: 'パスキーの登録',
  createIntro: 'パスキーに名前を付けて「登録する」を押してください。端末の指紋・顔・画面ロックの確認が表示されます。',
  nameLabel: 'パスキーの名前',
  nameHint: '例: 私のスマートフォン（40 文字まで）',
  nameError: 'パスキーの名前を 1〜40 文字で入力してください。',
  create: '登録する',
  noScript: 'パスキーの登録には JavaScript が必要です。',
  unsupported: 'このブラウザーではパスキーを使えません。',
  cancelled: 'パスキーの登録が完了しませんでした。もう一度お試しください。',
  notice: (n) => {
    switch (n.kind) {
      case 'not_enrolled':
        return 'パスキーは、電話番号を登録して本人認証サービスをご利用中の方だけが登録できます。';
      case 'terms_not_covering':
        return 'パスキーは、パスキーについて定めた利用規約が施行されてからご利用いただけます。';
      case 'terms_not_accepted':
        return 'パスキーを登録するには、現在の利用規約への同意が必要です。「利用規約」から同意してください。';
      case 'too_many':
        return '登録できるパスキーは 10 個までです。使っていないパスキーを削除してください。';
      case 'cooldown':
      case 'phone_daily_limit':
      case 'ip_limit':
        return sendLimitText('ja', n);
      case 'transaction_limit':
        return 'コードの送信は 3 回までです。しばらくしてから最初からやり直してください。';
      case 'no_ceremony':
      case 'expired':
        return '手続きの有効期限が切れました。最初からやり直してください。';
      case 'code_expired':
        return '確認コードの有効期限が切れました。最初からやり直してください。';
      case 'wrong_code':
        return `確認コードが正しくありません（あと ${n.attemptsLeft} 回）。`;
      case 'code_sent':
        return '確認コードを送りました。';
      case 'added':
        return 'パスキーを登録しました。確認のメールと SMS をお送りしました。';
      case 'removed':
        return 'パスキーを削除しました。';
      case 'invalid_response':
        return 'パスキーを確認できませんでした。もう一度お試しください。';
      case 'already_registered':
        return 'このパスキーはすでに登録されています。';
    }
  },
};

const en: PasskeyTexts = {
  listTitle: 'Passkeys',
  intro:
    'With a passkey you confirm online purchases with this device’s fingerprint, face or screen lock instead of a one-time password by SMS. A passkey works only on this service’s real site, so a fake site cannot trick you out of it. SMS stays available.',
  none: 'You have no passkeys.',
  created: 'Registered',
  lastUsed: 'Last used',
  neverUsed: 'Not used yet',
  removedOn: 'Removed or disabled',
  remove: (name) => `Remove “${name}”`,
  add: 'Register a passkey',
  addHint: 'First we send a confirmation code by SMS to your registered phone.',
  confirmTitle: 'Passkey confirmation code',
  confirmIntro: (masked) => `We sent a 6-digit code by SMS to ${masked}. Enter it below.`,
  codeLabel: 'Confirmation code (6 digits)',
  confirm: 'Confirm',
  paymentLabel: 'Also use this passkey to confirm payments in shops (SPC)',
  paymentHint:
    'Shops that support it let you confirm a payment with this device’s fingerprint, face or screen lock. The passkey is stored on this device.',
  paymentChosen: 'This passkey will also confirm payments in shops (SPC). It will be created on this device.',
  paymentUsed: 'Also used for payment confirmation',
  createTitle: 'Register a passkey',
  createIntro: 'Name the passkey and press “Register”. Your device will ask for your fingerprint, face or screen lock.',
  nameLabel: 'Passkey name',
  nameHint: 'For example: My phone (up to 40 characters)',
  nameError: 'Enter a passkey name of 1 to 40 characters.',
  create: 'Register',
  noScript: 'Registering a passkey needs JavaScript.',
  unsupported: 'This browser cannot use passkeys.',
  cancelled: 'The passkey was not registered. Please try again.',
  notice: (n) => {
    switch (n.kind) {
      case 'not_enrolled':
        return 'Only members with a registered phone who use the authentication service can register a passkey.';
      case 'terms_not_covering':
        return 'Passkeys become available once terms describing them are in force.';
      case 'terms_not_accepted':
        return 'To register a passkey, please accept the current terms first (see “Terms”).';
      case 'too_many':
        return 'You can register up to 10 passkeys. Please remove one you no longer use.';
      case 'cooldown':
      case 'phone_daily_limit':
      case 'ip_limit':
        return sendLimitText('en', n);
      case 'transaction_limit':
        return 'At most 3 codes can be sent. Please start again later.';
      case 'no_ceremony':
      case 'expired':
        return 'This step has expired. Please start again.';
      case 'code_expired':
        return 'The code has expired. Please start again.';
      case 'wrong_code':
        return `The code is not correct (${n.attemptsLeft} tries left).`;
      case 'code_sent':
        return 'We sent you a code.';
      case 'added':
        return 'Your passkey is registered. We sent you an email and an SMS about it.';
      case 'removed':
        return 'The passkey was removed.';
      case 'invalid_response':
        return 'The passkey could not be verified. Please try again.';
      case 'already_registered':
        return 'This passkey is already registered.';
    }
  },
};

export const PASSKEY_TEXTS: Catalogue<PasskeyTexts> = { ja, en };

export const INFO_NOTICES: ReadonlySet<PasskeyNotice['kind']> = new Set(['code_sent', 'added', 'removed', 'cooldown']);

/** The SMS-pumping guard's refusals read the same as on the phone registration pages. */
function sendLimitText(lang: Lang, n: PasskeyNotice): string {
  return PHONE_TEXTS[lang].notice(n as PhoneNotice);
}
