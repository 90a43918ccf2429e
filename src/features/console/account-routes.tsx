import type { FC } from 'hono/jsx';
import { asServiceError } from '../../app/http/errors.ts';
import type { Lang } from '../../core/i18n.ts';
import { MIN_PASSWORD_LENGTH } from '../../infra/crypto/password.ts';
import { findOperator } from '../../storage/repositories/operators.ts';
import type { ConsoleRouteKey } from './access.ts';
import type { Handler, Signed } from './guard.tsx';
import { type Ctx, clientIp, csrfFor, type Status, withLang, writeConsoleCookie } from './http.ts';
import { Hidden, t } from './layout.tsx';
import { sendConsolePage } from './page.tsx';
import { changeOwnPassword } from './service/operator-accounts.ts';

type Field = 'current' | 'next' | 'confirm';
interface FieldError {
  field: Field;
  text: string;
}

/** The words beside a field for each refusal of service/operator-accounts.ts `changeOwnPassword`. */
function errorText(lang: Lang, detail: string): string {
  const l = t(lang);
  switch (detail) {
    case 'too_short':
      return l(`${MIN_PASSWORD_LENGTH} 文字以上にしてください。`, `Use at least ${MIN_PASSWORD_LENGTH} characters.`);
    case 'too_long':
      return l('128 文字以内にしてください。', 'Use at most 128 characters.');
    case 'contains_username':
      return l('ユーザー名を含まないパスワードにしてください。', 'The password must not contain your username.');
    case 'same_as_current':
      return l('現在と異なるパスワードにしてください。', 'Choose a password different from the current one.');
    case 'the two new passwords differ':
      return l('確認用の入力が一致しません。', 'The two new passwords do not match.');
    case 'too many attempts':
      return l('試行回数が多すぎます。しばらくしてからお試しください。', 'Too many attempts. Try again later.');
    default:
      return l('現在のパスワードが違います。', 'The current password is wrong.');
  }
}

const PasswordField: FC<{ id: Field; label: string; hint?: string; error?: FieldError | undefined; auto: string }> = ({
  id,
  label,
  hint,
  error,
  auto,
}) => {
  const bad = error?.field === id;
  const describedBy = bad ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={id}
        type="password"
        autocomplete={auto}
        required
        aria-invalid={bad ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      {bad ? (
        <p class="notice alert" id={`${id}-error`} role="alert">
          {error.text}
        </p>
      ) : hint ? (
        <small id={`${id}-hint`}>{hint}</small>
      ) : null}
    </div>
  );
};

async function passwordPage(c: Ctx, s: Signed, error?: FieldError, status: Status = 200, done = false) {
  const l = t(s.lang);
  const row = await findOperator(s.web.deps.db, s.op.id);
  const forced = row?.password_must_change === true;
  return sendConsolePage(
    c,
    s,
    l('パスワード変更', 'Change password'),
    <>
      {forced ? (
        <p class="notice info" role="status" id="must-change">
          {l(
            '管理者が発行したパスワードでサインインしています。続けるには、ご自身のパスワードに変更してください。',
            'You signed in with a password an administrator issued. Choose your own password to continue.',
          )}
        </p>
      ) : null}
      {done ? (
        <p class="notice info" role="status" id="password-changed">
          {l(
            'パスワードを変更しました。他の端末のセッションは終了しました。',
            'Your password has been changed. Sessions on other devices have ended.',
          )}
        </p>
      ) : null}
      <form method="post" action={withLang(s.lang, '/console/password')}>
        <Hidden csrf={s.csrf} />
        <PasswordField
          id="current"
          label={l('現在のパスワード', 'Current password')}
          error={error}
          auto="current-password"
        />
        <PasswordField
          id="next"
          label={l('新しいパスワード', 'New password')}
          hint={l(
            `${MIN_PASSWORD_LENGTH}〜128 文字。ユーザー名を含めないでください。`,
            `${MIN_PASSWORD_LENGTH}–128 characters, not containing your username.`,
          )}
          error={error}
          auto="new-password"
        />
        <PasswordField
          id="confirm"
          label={l('新しいパスワード（確認）', 'New password (again)')}
          error={error}
          auto="new-password"
        />
        <button class="primary" type="submit">
          {l('変更する', 'Change password')}
        </button>
      </form>
    </>,
    { status },
  );
}

export const accountHandlers = {
  'GET /console/password': (c, s) => passwordPage(c, s),
  'POST /console/password': async (c, s) => {
    try {
      await changeOwnPassword(s.web.deps, s.op, {
        current: s.f('current'),
        next: s.f('next'),
        confirm: s.f('confirm'),
      });
    } catch (thrown) {
      const err = asServiceError(thrown);
      if (!err?.field) throw thrown;
      const field: Field = err.field === 'next' || err.field === 'confirm' ? err.field : 'current';
      return passwordPage(
        c,
        s,
        { field, text: errorText(s.lang, err.detail ?? err.message) },
        err.code === 'rate_limited' ? 429 : 400,
      );
    }
    // Every session of this operator ended with the change: this browser gets a fresh one (new token).
    const now = s.web.deps.clock.now();
    const started = await s.web.store.start(
      s.web.deps.db,
      `op:${s.op.id}`,
      { ip: clientIp(s.web, c), userAgent: c.req.header('user-agent') ?? null },
      now,
    );
    writeConsoleCookie(c, started.token);
    return passwordPage(c, { ...s, token: started.token, csrf: csrfFor(s.web, started.token) }, undefined, 200, true);
  },
} satisfies Partial<Record<ConsoleRouteKey, Handler>>;
