import type { Catalogue } from '../../../core/i18n.ts';
import type { PasswordProblem } from '../service/password-links.ts';

const ja = {
  loginTitle: 'サインイン',
  loginIntro: 'e-net サービス ID とパスワードを入力してください。',
  enetId: 'e-net サービス ID',
  password: 'パスワード',
  signIn: 'サインイン',
  firstTime: '初めてご利用の方（パスワードの設定）',
  forgot: 'パスワードをお忘れの方',
  invalid: 'e-net サービス ID またはパスワードが正しくありません。',
  locked: '入力の誤りが続いたため、しばらくサインインできません。時間をおいてからお試しください。',
  rateLimited: 'アクセスが集中しています。しばらくしてからお試しください。',
  done: {
    signed_out: 'サインアウトしました。',
    password_set: 'パスワードを設定しました。新しいパスワードでサインインしてください。',
  } as Record<string, string>,
  requestTitle: 'パスワードの設定・再設定',
  requestIntro:
    'e-net サービス ID を入力してください。ご登録のメールアドレスに、パスワードを設定するためのリンク（30 分間有効・1 回限り）をお送りします。',
  requestSubmit: 'メールを送る',
  requestSentTitle: 'メールをご確認ください',
  requestSent:
    'ご入力の ID が登録されている場合、ご登録のメールアドレスにリンクをお送りしました。30 分以内に開いてください。届かない場合は、しばらくしてからもう一度お試しください。',
  toLogin: 'サインイン画面へ',
  setTitle: '新しいパスワードの設定',
  setIntro: '12 文字以上で、e-net サービス ID を含まないパスワードを設定してください。',
  newPassword: '新しいパスワード',
  confirmPassword: '新しいパスワード（確認）',
  setSubmit: 'パスワードを設定する',
  linkInvalidTitle: 'このリンクは使えません',
  linkInvalid: 'リンクの有効期限（30 分）が切れたか、すでに使われています。もう一度メールをお送りください。',
  requestAgain: 'メールをもう一度送る',
  problem: {
    too_short: 'パスワードは 12 文字以上にしてください。',
    too_long: 'パスワードは 128 文字以内にしてください。',
    mismatch: '確認用のパスワードが一致しません。',
    same_as_id: 'パスワードに e-net サービス ID を含めないでください。',
  } satisfies Record<PasswordProblem, string>,
  reauthTitle: 'パスワードの再入力',
  reauthIntro: '電話番号や登録内容の変更の前に、安全のためパスワードをもう一度入力してください。',
  reauthSubmit: '続ける',
  reauthLocked: '入力の誤りが続いたため、しばらく操作できません。時間をおいてからお試しください。',
  sessionsTitle: 'サインイン中の端末',
  sessionsIntro:
    'この e-net サービス ID でサインインしている端末です。心当たりのない端末があれば、すべての端末からサインアウトしてください。',
  thisDevice: 'この端末',
  signedInAt: 'サインイン',
  lastSeen: '最終操作',
  signOutEverywhere: 'すべての端末からサインアウト',
};

export type AuthTexts = typeof ja;

const en: AuthTexts = {
  loginTitle: 'Sign in',
  loginIntro: 'Enter your e-net ID and password.',
  enetId: 'e-net ID',
  password: 'Password',
  signIn: 'Sign in',
  firstTime: 'First time here? Set your password',
  forgot: 'Forgot your password?',
  invalid: 'The e-net ID or password is incorrect.',
  locked: 'Too many incorrect attempts. Sign-in is paused for a while; please try again later.',
  rateLimited: 'Too many requests. Please try again in a while.',
  done: {
    signed_out: 'You have signed out.',
    password_set: 'Your password is set. Please sign in with the new password.',
  },
  requestTitle: 'Set or reset your password',
  requestIntro:
    'Enter your e-net ID. We will email a link for setting your password (valid for 30 minutes, single use) to the address we hold.',
  requestSubmit: 'Send the email',
  requestSentTitle: 'Check your email',
  requestSent:
    'If the ID you entered is registered, we have emailed a link to the address we hold. Please open it within 30 minutes. If nothing arrives, try again later.',
  toLogin: 'Go to sign-in',
  setTitle: 'Set a new password',
  setIntro: 'Use at least 12 characters, not containing your e-net ID.',
  newPassword: 'New password',
  confirmPassword: 'New password (again)',
  setSubmit: 'Set the password',
  linkInvalidTitle: 'This link cannot be used',
  linkInvalid: 'The link has expired (30 minutes) or has already been used. Please request a new email.',
  requestAgain: 'Send a new email',
  problem: {
    too_short: 'Use at least 12 characters.',
    too_long: 'Use at most 128 characters.',
    mismatch: 'The two passwords do not match.',
    same_as_id: 'The password must not contain your e-net ID.',
  },
  reauthTitle: 'Enter your password again',
  reauthIntro: 'For your security, please enter your password again before changing your phone or registration.',
  reauthSubmit: 'Continue',
  reauthLocked: 'Too many incorrect attempts. Please try again later.',
  sessionsTitle: 'Signed-in devices',
  sessionsIntro: 'Devices signed in with this e-net ID. If you do not recognise one, sign out everywhere.',
  thisDevice: 'This device',
  signedInAt: 'Signed in',
  lastSeen: 'Last active',
  signOutEverywhere: 'Sign out everywhere',
};

export const AUTH_TEXTS: Catalogue<AuthTexts> = { ja, en };
