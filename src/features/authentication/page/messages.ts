import type { ChallengeEnd, ChallengeErrorKind, ChallengeNotice } from '../../../core/challenge-view.ts';
import type { Catalogue, Lang } from '../../../core/i18n.ts';

/** Every text of the browser challenge, per language. Terms art. 4-1 (e-net ID + SMS OTP) and 5-1 (keep it safe). */
export interface ChallengeTexts {
  heading: string;
  titleSuffix: string;
  merchant: string;
  amount: string;
  smsTo: string;
  intro: string;
  enetId: string;
  otp: string;
  submit: string;
  resend: string;
  cancel: string;
  validity(minutes: number): string;
  safety: readonly string[];
  /** One line for small windows (01, 02, 04). */
  compactGuidance(minutes: number): string;
  otherLang: { lang: Lang; label: string };
  notice(notice: ChallengeNotice): string;
  end: Readonly<Record<ChallengeEnd, { title: string; body: string }>>;
  continue: string;
  continueHint: string;
  /** The passkey offer (docs/passkeys.md): shown first when the member's passkey can approve the purchase. */
  passkey: { intro: string; use: string; hint: string; waiting: string; check: string; sms: string };
  error: { title: string; kinds: Readonly<Record<ChallengeErrorKind, string>>; advice: string };
}

const JA_RESEND = 'SMS を再送信';
const EN_RESEND = 'Resend SMS';

function noticeJa(n: ChallengeNotice): string {
  switch (n.kind) {
    case 'code_sent':
      return 'ワンタイムパスワードを SMS でお送りしました。';
    case 'code_resent':
      return '新しいワンタイムパスワードを SMS でお送りしました。以前のワンタイムパスワードは使えません。';
    case 'wrong_credentials': {
      const head = 'e-net サービス ID またはワンタイムパスワードが正しくありません。';
      return n.attemptsLeft > 0 ? `${head}あと ${n.attemptsLeft} 回入力できます。` : head;
    }
    case 'code_expired':
      return `ワンタイムパスワードの有効期限が切れました。「${JA_RESEND}」を押して、新しいワンタイムパスワードを受け取ってください。`;
    case 'resend_cooldown':
      return `再送信は ${n.secondsLeft} 秒後に行えます。しばらくお待ちください。`;
    case 'resend_limit':
      return '再送信できる回数の上限に達しました。お届け済みのワンタイムパスワードを入力するか、キャンセルしてショップの画面からやり直してください。';
    case 'send_failed':
      return `SMS を送信できませんでした。「${JA_RESEND}」を押して、もう一度お試しください。`;
    case 'sms_paused':
      return 'ただいまシステムメンテナンスのため、SMS の送信を停止しています。恐れ入りますが、時間をおいてショップの画面からもう一度お試しください。';
    case 'stale_form':
      return '画面の情報が古くなっていたため、処理できませんでした。お手数ですが、もう一度操作してください。';
    case 'missing_fields':
      return 'e-net サービス ID とワンタイムパスワードを入力してください。';
    case 'passkey_pending':
      return 'パスキーでの認証はまだ完了していません。開いたウィンドウで認証するか、SMS で認証してください。';
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function noticeEn(n: ChallengeNotice): string {
  switch (n.kind) {
    case 'code_sent':
      return 'We have sent you a one-time password by SMS.';
    case 'code_resent':
      return 'We have sent you a new one-time password by SMS. Earlier passwords no longer work.';
    case 'wrong_credentials': {
      const head = 'The e-net service ID or the one-time password is incorrect.';
      return n.attemptsLeft > 0 ? `${head} ${plural(n.attemptsLeft, 'attempt')} left.` : head;
    }
    case 'code_expired':
      return `The one-time password has expired. Press “${EN_RESEND}” to get a new one.`;
    case 'resend_cooldown':
      return `You can resend in ${plural(n.secondsLeft, 'second')}. Please wait a moment.`;
    case 'resend_limit':
      return 'You cannot resend any more. Enter the password you already received, or cancel and start again from the shop.';
    case 'send_failed':
      return `We could not send the SMS. Press “${EN_RESEND}” to try again.`;
    case 'sms_paused':
      return 'SMS sending is paused for system maintenance. Please try again from the shop a little later.';
    case 'stale_form':
      return 'This page was out of date, so nothing was done. Please try again.';
    case 'missing_fields':
      return 'Please enter your e-net service ID and the one-time password.';
    case 'passkey_pending':
      return 'The passkey has not confirmed this purchase yet. Confirm in the window that opened, or use SMS.';
  }
}

const ja: ChallengeTexts = {
  heading: 'ご本人確認',
  titleSuffix: '本人認証',
  merchant: 'ご利用先',
  amount: 'ご利用金額',
  smsTo: 'SMS 送信先',
  intro: 'e-net サービス ID と、SMS でお送りしたワンタイムパスワード（6 桁の数字）を入力してください。',
  enetId: 'e-net サービス ID',
  otp: 'ワンタイムパスワード',
  submit: '認証する',
  resend: JA_RESEND,
  cancel: 'キャンセル',
  validity: (m) => `ワンタイムパスワードの有効期限は、送信から ${m} 分間です。`,
  safety: [
    'ワンタイムパスワードは、ご家族であっても他人には絶対に教えないでください。',
    '当社からお電話でワンタイムパスワードをお尋ねすることは一切ありません。',
  ],
  compactGuidance: (m) => `有効期限 ${m} 分・他人には教えないでください`,
  otherLang: { lang: 'en', label: 'English' },
  notice: noticeJa,
  end: {
    authenticated: { title: '認証が完了しました', body: 'ショップの画面に戻ります。そのままお待ちください。' },
    failed: { title: '本人認証ができませんでした', body: 'ショップの画面に戻ります。' },
    cancelled: { title: '本人認証をキャンセルしました', body: 'ショップの画面に戻ります。' },
    timed_out: { title: '時間切れのため、本人認証を終了しました', body: 'ショップの画面に戻ります。' },
    locked: { title: '入力の誤りが続いたため、本人認証を終了しました', body: 'ショップの画面に戻ります。' },
    suspended: {
      title: '現在、このカードでは本人認証をご利用いただけません',
      body: 'くわしくは当社までお問い合わせください。ショップの画面に戻ります。',
    },
  },
  continue: '続ける',
  continueHint: '画面が切り替わらない場合は「続ける」を押してください。',
  passkey: {
    intro: 'パスキーで認証してください。SMS のワンタイムパスワードで認証することもできます。',
    use: 'パスキーで認証',
    hint: '新しいウィンドウで、この端末の指紋・顔・画面ロックで認証します。',
    waiting: '開いたウィンドウで認証してください。完了すると、この画面が自動で進みます。',
    check: '認証を終えたら「続ける」',
    sms: 'SMS で認証する',
  },
  error: {
    title: 'お手続きを続けられません',
    kinds: {
      bad_request: '画面を正しく表示できませんでした。',
      unknown_transaction: 'このお手続きの情報が見つかりませんでした。',
      expired: 'お手続きの有効時間が過ぎました。',
      already_completed: 'このお手続きはすでに終了しています。',
    },
    advice: 'お手数ですが、ショップの画面に戻り、もう一度お支払いのお手続きをしてください。',
  },
};

const en: ChallengeTexts = {
  heading: 'Confirm it’s you',
  titleSuffix: 'Purchase authentication',
  merchant: 'Merchant',
  amount: 'Amount',
  smsTo: 'SMS sent to',
  intro: 'Enter your e-net service ID and the one-time password (6 digits) we sent you by SMS.',
  enetId: 'e-net service ID',
  otp: 'One-time password',
  submit: 'Verify',
  resend: EN_RESEND,
  cancel: 'Cancel',
  validity: (m) => `The one-time password is valid for ${plural(m, 'minute')} after it is sent.`,
  safety: ['Never tell the one-time password to anyone, not even family.', 'We will never ask you for it by phone.'],
  compactGuidance: (m) => `Valid for ${m} min. Never share it.`,
  otherLang: { lang: 'ja', label: '日本語' },
  notice: noticeEn,
  end: {
    authenticated: { title: 'Authentication complete', body: 'Returning you to the shop. Please wait.' },
    failed: { title: 'Authentication was not successful', body: 'Returning you to the shop.' },
    cancelled: { title: 'Authentication cancelled', body: 'Returning you to the shop.' },
    timed_out: { title: 'Authentication ended: the time ran out', body: 'Returning you to the shop.' },
    locked: { title: 'Authentication ended after too many incorrect entries', body: 'Returning you to the shop.' },
    suspended: {
      title: 'Authentication is not available for this card right now',
      body: 'Please contact us for details. Returning you to the shop.',
    },
  },
  continue: 'Continue',
  continueHint: 'If nothing happens, press “Continue”.',
  passkey: {
    intro: 'Confirm with your passkey, or use a one-time password sent by SMS instead.',
    use: 'Use a passkey',
    hint: 'A new window opens where you confirm with this device’s fingerprint, face or screen lock.',
    waiting: 'Confirm in the window that opened. This page moves on by itself when you are done.',
    check: 'Done? Continue',
    sms: 'Use SMS instead',
  },
  error: {
    title: 'We cannot continue',
    kinds: {
      bad_request: 'This page could not be shown correctly.',
      unknown_transaction: 'We could not find this purchase.',
      expired: 'The time allowed for this step has run out.',
      already_completed: 'This step has already been completed.',
    },
    advice: 'Please go back to the shop and try your purchase again.',
  },
};

export const CHALLENGE_TEXTS: Catalogue<ChallengeTexts> = { ja, en };
