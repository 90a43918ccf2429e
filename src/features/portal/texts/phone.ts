import type { Catalogue } from '../../../core/i18n.ts';

export type PhoneNotice =
  | { kind: 'invalid_phone' | 'same_phone' | 'terms_required' | 'not_allowed' | 'transaction_limit' | 'paused' }
  | { kind: 'phone_daily_limit' | 'ip_limit' | 'no_attempt' | 'expired' | 'code_expired' | 'too_many' }
  | { kind: 'cooldown'; secondsLeft: number }
  | { kind: 'wrong_code'; attemptsLeft: number }
  | { kind: 'code_sent' | 'code_resent' };

const ja = {
  registerTitle: '電話番号の登録',
  changeTitle: '電話番号の変更',
  registerIntro:
    'ワンタイムパスワードを受け取る携帯電話の番号を登録します。ご本人がお持ちの、SMS を受け取れる日本の携帯電話（070・080・090）に限ります。',
  changeIntro: (masked: string) =>
    `現在の登録番号は ${masked} です。新しい番号を入力してください。変更後、以前の番号には SMS で、ご登録のメールアドレスにはメールでお知らせします。`,
  phoneLabel: '携帯電話番号',
  phoneHint: '例: 090-1234-5678',
  agree: '本人認証サービス利用規約に同意します（認証の結果がご利用先の加盟店に通知されることを含みます）。',
  readTerms: '利用規約を読む（新しいタブで開きます）',
  sendCode: '確認コードを送る',
  notAllowed: '現在のご登録状況では、電話番号の登録・変更はできません。お問い合わせ窓口にご連絡ください。',
  confirmTitle: '確認コードの入力',
  confirmIntro: (masked: string) =>
    `${masked} に SMS で 6 桁の確認コードを送りました。届いたコードを入力してください。`,
  newNumber: '送信先の番号',
  validity: 'コードの有効期限',
  validFor: (minutes: number, until: string) => `${minutes}分（${until} まで）`,
  codeLabel: '確認コード（6 桁）',
  confirm: '登録する',
  resend: 'コードを再送する',
  startOver: '番号を入力し直す',
  doneRegisterTitle: '電話番号を登録しました',
  doneChangeTitle: '電話番号を変更しました',
  doneBody:
    'これからは、ネットショッピングの本人認証でこの番号にワンタイムパスワードが届きます。確認のメールをお送りしました。',
  notice: (n: PhoneNotice): string => {
    switch (n.kind) {
      case 'invalid_phone':
        return '日本の携帯電話番号（070・080・090 で始まる番号）を入力してください。';
      case 'same_phone':
        return '現在登録されている番号と同じです。';
      case 'terms_required':
        return '登録するには、利用規約への同意が必要です。';
      case 'not_allowed':
        return '現在のご登録状況では、電話番号の登録・変更はできません。';
      case 'paused':
        return '電話番号の登録・変更は現在停止しています（メンテナンスまたは障害対応のため）。再開後にお手続きください。詳しくはお知らせをご覧ください。';
      case 'cooldown':
        return `再送は ${n.secondsLeft} 秒後からできます。`;
      case 'transaction_limit':
        return 'コードの再送は 3 回までです。番号を入力し直してください。';
      case 'phone_daily_limit':
        return 'この番号への SMS の送信回数が上限に達しました。明日以降にお試しください。';
      case 'ip_limit':
        return '送信が集中しています。しばらくしてからお試しください。';
      case 'no_attempt':
      case 'expired':
        return '手続きの有効期限が切れました。番号の入力からやり直してください。';
      case 'code_expired':
        return 'コードの有効期限が切れました。コードを再送してください。';
      case 'too_many':
        return 'コードの誤りが 5 回続いたため、この手続きは無効になりました。番号の入力からやり直してください。';
      case 'wrong_code':
        return `確認コードが正しくありません。あと ${n.attemptsLeft} 回入力できます。`;
      case 'code_sent':
        return '確認コードを送りました。';
      case 'code_resent':
        return '確認コードを再送しました。最新のコードを入力してください。';
    }
  },
};

export type PhoneTexts = typeof ja;

const en: PhoneTexts = {
  registerTitle: 'Register a phone number',
  changeTitle: 'Change the phone number',
  registerIntro:
    'Register the mobile phone that receives your one-time passwords. It must be a Japanese mobile number (070, 080, 090) that you hold and that can receive SMS.',
  changeIntro: (masked: string) =>
    `Your registered number is ${masked}. Enter the new number. After the change we will tell the old number by SMS and you by email.`,
  phoneLabel: 'Mobile number',
  phoneHint: 'e.g. 090-1234-5678',
  agree:
    'I accept the terms of the authentication service (including that authentication results are sent to the merchant).',
  readTerms: 'Read the terms (opens a new tab)',
  sendCode: 'Send a code',
  notAllowed: 'With your current registration status you cannot register or change a phone. Please contact us.',
  confirmTitle: 'Enter the code',
  confirmIntro: (masked: string) => `We sent a 6-digit code by SMS to ${masked}. Enter it below.`,
  newNumber: 'Sent to',
  validity: 'Code valid for',
  validFor: (minutes: number, until: string) => `${minutes} minutes (until ${until} JST)`,
  codeLabel: 'Code (6 digits)',
  confirm: 'Register',
  resend: 'Send the code again',
  startOver: 'Enter the number again',
  doneRegisterTitle: 'Phone number registered',
  doneChangeTitle: 'Phone number changed',
  doneBody:
    'From now on, one-time passwords for online shopping go to this number. We have sent you a confirmation email.',
  notice: (n: PhoneNotice): string => {
    switch (n.kind) {
      case 'invalid_phone':
        return 'Enter a Japanese mobile number (starting 070, 080 or 090).';
      case 'same_phone':
        return 'This is the number already registered.';
      case 'terms_required':
        return 'To register, please accept the terms.';
      case 'not_allowed':
        return 'With your current registration status you cannot register or change a phone.';
      case 'paused':
        return 'Registering or changing a phone number is paused at the moment (maintenance or a service problem). Please try again once it resumes; see the notices for details.';
      case 'cooldown':
        return `You can resend in ${n.secondsLeft} seconds.`;
      case 'transaction_limit':
        return 'The code can be resent at most 3 times. Please enter the number again.';
      case 'phone_daily_limit':
        return 'Too many messages to this number today. Please try again tomorrow.';
      case 'ip_limit':
        return 'Too many requests. Please try again in a while.';
      case 'no_attempt':
      case 'expired':
        return 'This request has expired. Please enter the number again.';
      case 'code_expired':
        return 'The code has expired. Please send a new one.';
      case 'too_many':
        return 'Five incorrect codes: this request has ended. Please enter the number again.';
      case 'wrong_code':
        return `The code is incorrect. ${n.attemptsLeft} tries left.`;
      case 'code_sent':
        return 'We sent you a code.';
      case 'code_resent':
        return 'We sent a new code. Please enter the newest one.';
    }
  },
};

export const PHONE_TEXTS: Catalogue<PhoneTexts> = { ja, en };
