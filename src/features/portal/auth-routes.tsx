import type { Hono } from 'hono';
import type { AppEnv } from '../../app/http/app.ts';
import { writeSessionCookie } from '../../app/http/session.ts';
import {
  LinkInvalidPage,
  LoginPage,
  ReauthPage,
  RequestLinkPage,
  RequestSentPage,
  SetPasswordPage,
} from './auth-views.tsx';
import { type PageStatus, refusalStatus } from './errors.ts';
import { frameOf, memberPage, memberPost, refused } from './guards.tsx';
import {
  checkPost,
  clientIp,
  field,
  type Member,
  metaOf,
  type PortalContext,
  type PortalWeb,
  portalBodyLimit,
  redirect,
  sendPage,
  type Visitor,
  visitorOf,
} from './http.ts';
import { render } from './layout.tsx';
import { linkIsUsable, requestPasswordLink, setPasswordWithLink } from './service/password-links.ts';
import { endMemberSession, startMemberSession } from './service/session-events.ts';
import { checkPassword } from './service/sign-in.ts';
import { AUTH_TEXTS } from './texts/auth.ts';

/** Sign-in, sign-out, first-time setup / reset by emailed link, and re-authentication. */
export function mountAuthRoutes(app: Hono<AppEnv>, web: PortalWeb): void {
  app.get('/enet/login', async (c) => {
    const visitor = await visitorOf(web, c);
    if (visitor.session) return redirect(c, visitor.lang, '/enet');
    const info = AUTH_TEXTS[visitor.lang].done[c.req.query('done') ?? ''];
    return loginPage(web, c, visitor, { info });
  });

  app.post('/enet/login', portalBodyLimit(), async (c) => {
    const check = await checkPost(web, c);
    if (!check.ok) return refused(web, c, check.lang);
    const { form, visitor } = check;
    const enetId = (field(form, 'enetId') ?? '').trim().slice(0, 64);
    const result = await checkPassword(
      web.deps,
      { enetId, password: field(form, 'password') ?? '', ip: clientIp(web, c) },
      web.deps.clock.now(),
    );
    if (!result.ok) {
      const t = AUTH_TEXTS[visitor.lang];
      const error = result.reason === 'invalid' ? t.invalid : result.reason === 'locked' ? t.locked : t.rateLimited;
      return loginPage(web, c, visitor, { error, enetId }, refusalStatus('signIn', result.reason));
    }
    await startSession(web, c, visitor, result.enetId, 'sign_in');
    return redirect(c, visitor.lang, '/enet');
  });

  app.post(
    '/enet/logout',
    portalBodyLimit(),
    memberPost(web, async (c, member) => {
      await endMemberSession(web.deps, web.store, {
        enetId: member.enetId,
        token: member.token,
        sessionId: member.session.publicId,
        requestId: c.get('requestId'),
      });
      return redirect(c, member.lang, '/enet/login?done=signed_out');
    }),
  );

  app.get('/enet/password/request', async (c) => {
    const visitor = await visitorOf(web, c);
    const frame = frameOf(web, c, visitor.lang);
    return sendPage(c, frame.nonce, render(<RequestLinkPage frame={frame} csrf={visitor.csrf} />));
  });

  app.post('/enet/password/request', portalBodyLimit(), async (c) => {
    const check = await checkPost(web, c);
    if (!check.ok) return refused(web, c, check.lang);
    await requestPasswordLink(web.deps, field(check.form, 'enetId') ?? '', metaOf(web, c));
    const frame = frameOf(web, c, check.visitor.lang);
    return sendPage(c, frame.nonce, render(<RequestSentPage frame={frame} />));
  });

  app.get('/enet/password/set', async (c) => {
    const visitor = await visitorOf(web, c);
    const token = c.req.query('token') ?? '';
    // The link carries a secret: never let it leak in a Referer.
    c.header('Referrer-Policy', 'no-referrer');
    return setPasswordPage(web, c, visitor, token, await linkIsUsable(web.deps, token));
  });

  app.post('/enet/password/set', portalBodyLimit(), async (c) => {
    const check = await checkPost(web, c);
    if (!check.ok) return refused(web, c, check.lang);
    const { form, visitor } = check;
    const token = field(form, 'token') ?? '';
    const result = await setPasswordWithLink(
      web.deps,
      { token, password: field(form, 'password') ?? '', confirm: field(form, 'confirm') ?? '' },
      metaOf(web, c),
    );
    if (result.ok) return redirect(c, visitor.lang, '/enet/login?done=password_set');
    if (result.reason === 'invalid_link') return setPasswordPage(web, c, visitor, token, false);
    return setPasswordPage(web, c, visitor, token, true, {
      text: AUTH_TEXTS[visitor.lang].problem[result.reason],
      status: refusalStatus('passwordLink', result.reason),
    });
  });

  app.get(
    '/enet/reauth',
    memberPage(web, async (c, member) => reauthPage(web, c, member, safeNext(c.req.query('next')))),
  );

  app.post(
    '/enet/reauth',
    portalBodyLimit(),
    memberPost(web, async (c, member, form) => {
      const next = safeNext(field(form, 'next'));
      const result = await checkPassword(
        web.deps,
        { enetId: member.enetId, password: field(form, 'password') ?? '', ip: clientIp(web, c) },
        web.deps.clock.now(),
      );
      if (!result.ok) {
        const t = AUTH_TEXTS[member.lang];
        const error = result.reason === 'invalid' ? t.invalid : t.reauthLocked;
        return reauthPage(web, c, member, next, error, refusalStatus('reauth', result.reason));
      }
      await startSession(web, c, member, member.enetId, 'reauth');
      return redirect(c, member.lang, next);
    }),
  );
}

/** Only our own portal paths may follow a re-authentication (no open redirect). */
export function safeNext(next: string | undefined): string {
  return next && /^\/enet(\/[a-z0-9/_-]*)?$/.test(next) ? next : '/enet';
}

/** A new session id at sign-in and at re-authentication; the previous one (pre-session or session) ends. */
async function startSession(
  web: PortalWeb,
  c: PortalContext,
  visitor: Visitor,
  enetId: string,
  event: 'sign_in' | 'reauth',
): Promise<void> {
  const meta = { ip: clientIp(web, c), userAgent: c.req.header('user-agent') ?? null };
  const replacing = {
    token: visitor.token,
    ...(event === 'reauth' && visitor.session && { createdAt: visitor.session.createdAt }),
  };
  const started = await startMemberSession(web.deps, web.store, {
    enetId,
    event,
    meta,
    replacing,
    requestId: c.get('requestId'),
  });
  writeSessionCookie(c, web.store.settings, started.token);
}

function loginPage(
  web: PortalWeb,
  c: PortalContext,
  visitor: Visitor,
  opts: { error?: string; info?: string | undefined; enetId?: string },
  status: PageStatus = 200,
): Response {
  const frame = frameOf(web, c, visitor.lang);
  frame.path = '/enet/login';
  const page = (
    <LoginPage frame={frame} csrf={visitor.csrf} error={opts.error} info={opts.info} enetId={opts.enetId ?? ''} />
  );
  return sendPage(c, frame.nonce, render(page), status);
}

function setPasswordPage(
  web: PortalWeb,
  c: PortalContext,
  visitor: Visitor,
  token: string,
  usable: boolean,
  error?: { text: string; status: PageStatus },
): Response {
  const frame = frameOf(web, c, visitor.lang);
  frame.path = '/enet/password/request';
  if (!usable) {
    const invalid = render(<LinkInvalidPage frame={frame} />);
    return sendPage(c, frame.nonce, invalid, refusalStatus('passwordLink', 'invalid_link'));
  }
  const page = <SetPasswordPage frame={frame} csrf={visitor.csrf} token={token} error={error?.text} />;
  return sendPage(c, frame.nonce, render(page), error?.status ?? 200);
}

function reauthPage(
  web: PortalWeb,
  c: PortalContext,
  member: Member,
  next: string,
  error?: string,
  status: PageStatus = 200,
): Response {
  const frame = frameOf(web, c, member.lang, member.csrf);
  frame.path = `/enet/reauth?next=${encodeURIComponent(next)}`;
  return sendPage(
    c,
    frame.nonce,
    render(<ReauthPage frame={frame} csrf={member.csrf} next={next} error={error} />),
    status,
  );
}
