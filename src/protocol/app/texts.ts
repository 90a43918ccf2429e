import type { AppChallengeStep, ChallengeNotice } from '../../core/challenge-view.ts';

/**
 * The words of the app challenge's native screens, per language (terms art. 4-1: e-net ID and an SMS code;
 * art. 5-1: keep the code to yourself). Labels fit the CRes's 45 characters; texts stay under 256.
 */
export type AppLang = 'ja' | 'en';

export interface ScreenFacts {
  step: AppChallengeStep;
  merchantName: string;
  amount: string;
  maskedPhone: string;
  issuerName: string;
  codeValidityMinutes: number;
}

export interface AppScreenTexts {
  header: string;
  label: string;
  text: string;
  submit: string;
  resend: string | undefined;
  whyLabel: string;
  whyText: string;
  expandLabel: string | undefined;
  expandText: string | undefined;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function noticeJa(n: ChallengeNotice, step: AppChallengeStep): string {
  switch (n.kind) {
    case 'code_sent':
      return 'ワンタイムパスワードを SMS でお送りしました。';
    case 'code_resent':
      return '新しいワンタイムパスワードを SMS でお送りしました。以前のワンタイムパスワードは使えません。';
    case 'wrong_credentials':
      return `e-net サービス ID またはワンタイムパスワードが正しくありません。e-net サービス ID から入力し直してください（あと ${n.attemptsLeft} 回）。`;
    case 'code_expired':
      return 'ワンタイムパスワードの有効期限が切れました。「SMS を再送信」で新しいワンタイムパスワードを受け取ってください。';
    case 'resend_cooldown':
      return `再送信は ${n.secondsLeft} 秒後に行えます。`;
    case 'resend_limit':
      return '再送信できる回数の上限に達しました。お届け済みのワンタイムパスワードを入力してください。';
    case 'send_failed':
      return 'SMS を送信できませんでした。「SMS を再送信」をお試しください。';
    case 'sms_paused':
      return 'ただいまメンテナンスのため SMS を送信できません。時間をおいてもう一度お試しください。';
    case 'stale_form':
    case 'missing_fields':
    case 'passkey_pending': // browser only (passkeys are not offered in the app channel)
      return step === 'code' ? 'ワンタイムパスワードを入力してください。' : 'e-net サービス ID を入力してください。';
  }
}

function noticeEn(n: ChallengeNotice, step: AppChallengeStep): string {
  switch (n.kind) {
    case 'code_sent':
      return 'We have sent you a one-time password by SMS.';
    case 'code_resent':
      return 'We have sent you a new one-time password by SMS. Earlier passwords no longer work.';
    case 'wrong_credentials':
      return `The e-net service ID or the one-time password is incorrect. Please start again with your e-net service ID (${plural(n.attemptsLeft, 'attempt')} left).`;
    case 'code_expired':
      return 'The one-time password has expired. Use “Resend SMS” to get a new one.';
    case 'resend_cooldown':
      return `You can resend in ${plural(n.secondsLeft, 'second')}.`;
    case 'resend_limit':
      return 'You cannot resend any more. Enter the password you already received.';
    case 'send_failed':
      return 'We could not send the SMS. Please try “Resend SMS”.';
    case 'sms_paused':
      return 'SMS sending is paused for maintenance. Please try again a little later.';
    case 'stale_form':
    case 'missing_fields':
    case 'passkey_pending': // browser only (passkeys are not offered in the app channel)
      return step === 'code' ? 'Please enter the one-time password.' : 'Please enter your e-net service ID.';
  }
}

/** Notices that warn (the SDK may show an indicator next to the text: challengeInfoTextIndicator Y). */
export function isWarning(notice: ChallengeNotice | undefined): boolean {
  return notice !== undefined && !['code_sent', 'code_resent'].includes(notice.kind);
}

export function screenTexts(lang: AppLang, f: ScreenFacts, notice: ChallengeNotice | undefined): AppScreenTexts {
  const code = f.step === 'code';
  if (lang === 'en') {
    const main = code
      ? `Enter the one-time password (6 digits) we sent by SMS to ${f.maskedPhone}. It is valid for ${plural(f.codeValidityMinutes, 'minute')}.`
      : `Confirm your payment of ${f.amount} at ${f.merchantName}. Enter your e-net service ID, then the one-time password we send by SMS.`;
    return {
      header: 'Confirm it’s you',
      label: code ? 'One-time password' : 'e-net service ID',
      text: [notice && noticeEn(notice, f.step), main].filter(Boolean).join(' '),
      submit: code ? 'Verify' : 'Next',
      resend: code ? 'Resend SMS' : undefined,
      whyLabel: 'Why am I asked this?',
      whyText: `${f.issuerName} checks online card payments to protect you. Never tell the one-time password to anyone, not even family. We will never ask for it by phone.`,
      expandLabel: code ? 'No SMS?' : undefined,
      expandText: code
        ? 'Use “Resend SMS” for a new password (once a minute, at most 3 per payment). Check the phone number registered in the e-net service.'
        : undefined,
    };
  }
  const main = code
    ? `${f.maskedPhone} に SMS でお送りしたワンタイムパスワード（6 桁の数字）を入力してください。有効期限は送信から ${f.codeValidityMinutes} 分間です。`
    : `${f.merchantName}でのお支払い（${f.amount}）のご本人確認です。e-net サービス ID を入力し、続いて SMS でお送りするワンタイムパスワードを入力してください。`;
  return {
    header: 'ご本人確認',
    label: code ? 'ワンタイムパスワード' : 'e-net サービス ID',
    text: [notice && noticeJa(notice, f.step), main].filter(Boolean).join(''),
    submit: code ? '認証する' : '次へ',
    resend: code ? 'SMS を再送信' : undefined,
    whyLabel: 'ご本人確認について',
    whyText: `インターネットでのカードの不正利用を防ぐため、${f.issuerName}がご本人確認を行っています。ワンタイムパスワードは、ご家族であっても他人には絶対に教えないでください。当社からお電話でお尋ねすることはありません。`,
    expandLabel: code ? 'SMS が届かないとき' : undefined,
    expandText: code
      ? '「SMS を再送信」で新しいワンタイムパスワードをお送りします（1 分おき、1 回のお支払いにつき 3 回まで）。e-net サービスに登録した電話番号もご確認ください。'
      : undefined,
  };
}
