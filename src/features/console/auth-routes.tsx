import type { Hono } from 'hono';
import { renderSVG } from 'uqr';
import type { AppEnv } from '../../app/http/app.ts';
import type { Lang } from '../../core/i18n.ts';
import { totpUri } from '../../infra/crypto/totp.ts';
import { findOperator } from '../../storage/repositories/operators.ts';
import {
  browserToken,
  type ConsoleWeb,
  type Ctx,
  clientIp,
  csrfFor,
  csrfRefused,
  formOf,
  langOf,
  type Status,
  withLang,
  writeConsoleCookie,
} from './http.ts';
import { Hidden, t } from './layout.tsx';
import { sendConsolePage } from './page.tsx';
import { checkOperatorCode, checkOperatorPassword, enrolmentSecret, sourceOverLimit } from './service/sign-in.ts';

type Step = 'password' | 'code' | 'enrol';

/** What the enrolment step shows: the pending secret and the otpauth URI naming issuer and account. */
interface Enrolment {
  secret: string;
  uri: string;
}

/**
 * The otpauth URI (Key Uri Format): label `<issuer>:<username>` and `issuer=<issuer>`, the issuer being the card
 * issuer's display name (config ISSUER_NAME), so an authenticator app lists each account under its own name.
 */
async function enrolmentOf(web: ConsoleWeb, operatorId: string): Promise<Enrolment> {
  const secret = await enrolmentSecret(web.deps, operatorId);
  const row = await findOperator(web.deps.db, operatorId);
  return { secret, uri: totpUri(secret, web.deps.config.ISSUER_NAME, row?.username ?? 'operator') };
}

/** The key in groups of four for typing by hand (spaced by CSS, so a copy of it is the bare key). */
const grouped = (secret: string) => (secret.match(/.{1,4}/g) ?? [secret]).map((g) => <span class="g">{g}</span>);

/** The URI as an inline SVG QR code (uqr), named for assistive technology; the key is printed below it. */
function qrSvg(uri: string, name: string): string {
  const escaped = name.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return renderSVG(uri, { border: 2 }).replace(
    '<svg ',
    `<svg role="img" aria-label="${escaped}" width="216" height="216" `,
  );
}

function signInPage(
  c: Ctx,
  web: ConsoleWeb,
  lang: Lang,
  step: Step,
  error?: string,
  enrol?: Enrolment,
  status: Status = 200,
) {
  const l = t(lang);
  const csrf = csrfFor(web, browserToken(c));
  const action =
    step === 'password' ? '/console/sign-in' : step === 'code' ? '/console/sign-in/code' : '/console/sign-in/enrol';
  return sendConsolePage(
    c,
    { lang },
    l('バックオフィス サインイン', 'Back-office sign-in'),
    <>
      {error ? (
        <p class="notice alert" role="alert">
          {error}
        </p>
      ) : null}
      {step === 'enrol' && enrol ? (
        <section aria-labelledby="totp-heading">
          <h2 id="totp-heading">{l('認証アプリの登録', 'Set up your authenticator app')}</h2>
          <p class="message">
            {l(
              '認証アプリ（TOTP）でこの QR コードを読み取り、表示された 6 桁のコードを入力してください。',
              'Scan this QR code with your authenticator app (TOTP), then enter the 6-digit code it shows.',
            )}
          </p>
          <div
            class="qr"
            id="totp-qr"
            data-otpauth={enrol.uri}
            dangerouslySetInnerHTML={{
              __html: qrSvg(enrol.uri, l('認証アプリ登録用の QR コード', 'QR code for your authenticator app')),
            }}
          />
          <p>{l('読み取れない場合は、次の鍵を手入力してください:', 'If you cannot scan it, type this key instead:')}</p>
          <p class="secret" id="totp-secret">
            {grouped(enrol.secret)}
          </p>
        </section>
      ) : null}
      <form method="post" action={withLang(lang, action)}>
        <Hidden csrf={csrf} />
        {step === 'password' ? (
          <>
            <div class="field">
              <label for="username">{l('ユーザー名', 'Username')}</label>
              <input id="username" name="username" autocomplete="username" required />
            </div>
            <div class="field">
              <label for="password">{l('パスワード', 'Password')}</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required />
            </div>
          </>
        ) : (
          <div class="field">
            <label for="code">{l('認証コード（6 桁）', 'Authentication code (6 digits)')}</label>
            <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required />
          </div>
        )}
        <button class="primary" type="submit">
          {l('次へ', 'Continue')}
        </button>
      </form>
    </>,
    { status },
  );
}

/** Password, then TOTP (or TOTP enrolment on first sign-in); the session id rotates at each step. */
export function mountConsoleAuth(app: Hono<AppEnv>, web: ConsoleWeb): void {
  app.get('/console/sign-in', (c) => signInPage(c, web, langOf(c), 'password'));

  app.post('/console/sign-in', async (c) => {
    const lang = langOf(c);
    const l = t(lang);
    const f = await formOf(c);
    if (csrfRefused(web, c, f('csrf')))
      return signInPage(c, web, lang, 'password', l('もう一度お試しください。', 'Please try again.'), undefined, 403);
    const result = await checkOperatorPassword(web.deps, f('username').trim(), f('password'), clientIp(web, c));
    if (result.kind === 'rate_limited') return signInPage(c, web, lang, 'password', tooMany(lang), undefined, 429);
    if (result.kind === 'refused')
      return signInPage(
        c,
        web,
        lang,
        'password',
        l('ユーザー名またはパスワードが違います。', 'Wrong username or password.'),
        undefined,
        401,
      );
    const started = await web.pending.start(
      web.deps.db,
      `mfa:${result.operator.id}`,
      meta(web, c),
      web.deps.clock.now(),
      {
        token: browserToken(c),
      },
    );
    writeConsoleCookie(c, started.token);
    return c.redirect(withLang(lang, result.needsEnrolment ? '/console/sign-in/enrol' : '/console/sign-in/code'), 303);
  });

  for (const step of ['code', 'enrol'] as const) {
    app.get(`/console/sign-in/${step}`, async (c) => {
      const lang = langOf(c);
      const opId = await pendingOperator(web, c);
      if (!opId) return c.redirect(withLang(lang, '/console/sign-in'), 303);
      return signInPage(c, web, lang, step, undefined, step === 'enrol' ? await enrolmentOf(web, opId) : undefined);
    });
    app.post(`/console/sign-in/${step}`, async (c) => {
      const lang = langOf(c);
      const l = t(lang);
      const f = await formOf(c);
      const opId = await pendingOperator(web, c);
      if (!opId || csrfRefused(web, c, f('csrf'))) return c.redirect(withLang(lang, '/console/sign-in'), 303);
      if (await sourceOverLimit(web.deps, clientIp(web, c), web.deps.clock.now(), 'code'))
        return signInPage(
          c,
          web,
          lang,
          step,
          tooMany(lang),
          step === 'enrol' ? await enrolmentOf(web, opId) : undefined,
          429,
        );
      const result = await checkOperatorCode(web.deps, opId, f('code').trim(), step === 'enrol' ? 'enrol' : 'verify');
      if (result.kind !== 'ok') {
        const msg =
          result.kind === 'locked'
            ? l('アカウントは一時的にロックされています。', 'The account is temporarily locked.')
            : l('コードが違います。', 'Wrong code.');
        return signInPage(c, web, lang, step, msg, step === 'enrol' ? await enrolmentOf(web, opId) : undefined, 401);
      }
      const started = await web.store.start(web.deps.db, `op:${opId}`, meta(web, c), web.deps.clock.now(), {
        token: browserToken(c),
      });
      writeConsoleCookie(c, started.token);
      // An issued password is changed before anything else (docs/console.md "Operator accounts").
      return c.redirect(withLang(lang, result.operator.password_must_change ? '/console/password' : '/console'), 303);
    });
  }
}

async function pendingOperator(web: ConsoleWeb, c: Ctx): Promise<string | undefined> {
  const session = await web.pending.read(web.deps.db, browserToken(c), web.deps.clock.now());
  return session?.subject.startsWith('mfa:') ? session.subject.slice(4) : undefined;
}

function meta(web: ConsoleWeb, c: Ctx) {
  return { ip: clientIp(web, c), userAgent: c.req.header('user-agent') ?? null };
}

function tooMany(lang: Lang): string {
  return t(lang)('試行回数が多すぎます。しばらくしてからお試しください。', 'Too many attempts. Try again later.');
}
