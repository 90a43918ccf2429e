import type { FC } from 'hono/jsx';
import { link } from './http.ts';
import { CsrfField, Notice, type PageFrame, PortalPage } from './layout.tsx';
import { AUTH_TEXTS } from './texts/auth.ts';

interface FormPage {
  frame: PageFrame;
  /** The pre-session's (or session's) CSRF token: sign-in forms are bound to it too. */
  csrf: string;
  error?: string | undefined;
  info?: string | undefined;
}

export const LoginPage: FC<FormPage & { enetId: string }> = ({ frame, csrf, error, info, enetId }) => {
  const t = AUTH_TEXTS[frame.lang];
  return (
    <PortalPage frame={frame} title={t.loginTitle}>
      {info && <Notice kind="info" text={info} />}
      {error && <Notice kind="alert" text={error} />}
      <p class="message">{t.loginIntro}</p>
      <form method="post" action="/enet/login">
        <CsrfField lang={frame.lang} csrf={csrf} />
        <div class="field">
          <label for="enetId">{t.enetId}</label>
          <input
            id="enetId"
            name="enetId"
            type="text"
            value={enetId}
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            maxlength={64}
            required
            aria-describedby={error ? 'notice' : undefined}
          />
        </div>
        <div class="field">
          <label for="password">{t.password}</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            maxlength={128}
            required
          />
        </div>
        <button type="submit" class="primary">
          {t.signIn}
        </button>
      </form>
      <ul class="hint">
        <li>
          <a href={link(frame.lang, '/enet/password/request')}>{t.firstTime}</a>
        </li>
        <li>
          <a href={link(frame.lang, '/enet/password/request')}>{t.forgot}</a>
        </li>
      </ul>
    </PortalPage>
  );
};

export const RequestLinkPage: FC<FormPage> = ({ frame, csrf }) => {
  const t = AUTH_TEXTS[frame.lang];
  return (
    <PortalPage frame={frame} title={t.requestTitle}>
      <p class="message">{t.requestIntro}</p>
      <form method="post" action="/enet/password/request">
        <CsrfField lang={frame.lang} csrf={csrf} />
        <div class="field">
          <label for="enetId">{t.enetId}</label>
          <input id="enetId" name="enetId" type="text" autocomplete="username" maxlength={64} required />
        </div>
        <button type="submit" class="primary">
          {t.requestSubmit}
        </button>
      </form>
    </PortalPage>
  );
};

export const RequestSentPage: FC<{ frame: PageFrame }> = ({ frame }) => {
  const t = AUTH_TEXTS[frame.lang];
  return (
    <PortalPage frame={frame} title={t.requestSentTitle}>
      <Notice kind="info" text={t.requestSent} />
      <p>
        <a href={link(frame.lang, '/enet/login')}>{t.toLogin}</a>
      </p>
    </PortalPage>
  );
};

export const SetPasswordPage: FC<FormPage & { token: string }> = ({ frame, csrf, error, token }) => {
  const t = AUTH_TEXTS[frame.lang];
  return (
    <PortalPage frame={frame} title={t.setTitle}>
      {error && <Notice kind="alert" text={error} />}
      <p class="message">{t.setIntro}</p>
      <form method="post" action="/enet/password/set">
        <CsrfField lang={frame.lang} csrf={csrf} />
        <input type="hidden" name="token" value={token} />
        <div class="field">
          <label for="password">{t.newPassword}</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="new-password"
            minlength={12}
            maxlength={128}
            required
          />
        </div>
        <div class="field">
          <label for="confirm">{t.confirmPassword}</label>
          <input
            id="confirm"
            name="confirm"
            type="password"
            autocomplete="new-password"
            minlength={12}
            maxlength={128}
            required
          />
        </div>
        <button type="submit" class="primary">
          {t.setSubmit}
        </button>
      </form>
    </PortalPage>
  );
};

export const LinkInvalidPage: FC<{ frame: PageFrame }> = ({ frame }) => {
  const t = AUTH_TEXTS[frame.lang];
  return (
    <PortalPage frame={frame} title={t.linkInvalidTitle}>
      <Notice kind="alert" text={t.linkInvalid} />
      <p>
        <a href={link(frame.lang, '/enet/password/request')}>{t.requestAgain}</a>
      </p>
    </PortalPage>
  );
};

export const ReauthPage: FC<FormPage & { next: string }> = ({ frame, csrf, error, next }) => {
  const t = AUTH_TEXTS[frame.lang];
  return (
    <PortalPage frame={frame} title={t.reauthTitle}>
      {error && <Notice kind="alert" text={error} />}
      <p class="message">{t.reauthIntro}</p>
      <form method="post" action="/enet/reauth">
        <CsrfField lang={frame.lang} csrf={csrf} />
        <input type="hidden" name="next" value={next} />
        <div class="field">
          <label for="password">{t.password}</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            maxlength={128}
            required
          />
        </div>
        <button type="submit" class="primary">
          {t.reauthSubmit}
        </button>
      </form>
    </PortalPage>
  );
};
