import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../../app/deps.ts';
import type { AppEnv } from '../../app/http/app.ts';
import { clientIp as sharedClientIp } from '../../app/http/client-ip.ts';
import { CSRF_FIELD, checkCsrf, csrfTokenFor } from '../../app/http/csrf.ts';
import { privatePageHeaders } from '../../app/http/headers.ts';
import { type ActiveSession, ensureBrowserToken, type SessionSettings, SessionStore } from '../../app/http/session.ts';
import { chooseLang, type Lang } from '../../core/i18n.ts';
import type { PageStatus } from './errors.ts';
import type { PortalDeps, RequestMeta } from './service/deps.ts';
import { REAUTH_WINDOW_MS, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './service/policy.ts';

const PORTAL_SESSION: SessionSettings = {
  cookieName: '__Host-ninsho_enet',
  table: 'portal_sessions',
  idleMs: SESSION_IDLE_MS,
  absoluteMs: SESSION_ABSOLUTE_MS,
};

export type PortalContext = Context<AppEnv>;

export interface PortalWeb {
  deps: PortalDeps;
  store: SessionStore;
  /** PUBLIC_URL's origin: the only Origin a state-changing request may come from. */
  origin: string;
}

export function createPortalWeb(app: AppDeps): PortalWeb {
  const store = new SessionStore(PORTAL_SESSION, app.keys);
  return {
    deps: { ...app, sessions: store, kick: () => app.worker.kick() },
    store,
    origin: new URL(app.config.PUBLIC_URL).origin,
  };
}

/** Small forms only: the largest is the fraud report (2,000 characters of description). */
export const portalBodyLimit = () =>
  bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('Request too large', 413) });

export interface Visitor {
  lang: Lang;
  /** The browser's session-cookie token (a pre-session one when not signed in). */
  token: string;
  csrf: string;
  session: ActiveSession | undefined;
}

export interface Member extends Visitor {
  session: ActiveSession;
  enetId: string;
}

export function langOf(c: PortalContext, posted?: string): Lang {
  return chooseLang(posted ?? c.req.query('lang'), c.req.header('accept-language'));
}

/** Our own link, keeping English when the page is English. */
export function link(lang: Lang, path: string): string {
  if (lang !== 'en') return path;
  return `${path}${path.includes('?') ? '&' : '?'}lang=en`;
}

/** The client's address (the last proxy hop when TRUST_PROXY is set), for rate limits and consent records. */
export function clientIp(web: PortalWeb, c: PortalContext): string {
  return sharedClientIp(c, web.deps.config.TRUST_PROXY);
}

export function metaOf(web: PortalWeb, c: PortalContext): RequestMeta {
  return { ip: clientIp(web, c), requestId: c.get('requestId') };
}

export async function visitorOf(web: PortalWeb, c: PortalContext, lang: Lang = langOf(c)): Promise<Visitor> {
  const token = ensureBrowserToken(c, web.store.settings);
  const session = await web.store.read(web.deps.db, token, web.deps.clock.now());
  return { lang, token, csrf: csrfTokenFor(web.deps.keys, token), session };
}

export function asMember(v: Visitor): Member | undefined {
  return v.session ? { ...v, session: v.session, enetId: v.session.subject } : undefined;
}

export function reauthFresh(web: PortalWeb, session: ActiveSession): boolean {
  return web.deps.clock.now().getTime() - session.reauthAt.getTime() < REAUTH_WINDOW_MS;
}

export function redirect(c: PortalContext, lang: Lang, path: string): Response {
  return c.redirect(link(lang, path), 303);
}

export function nonce(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Security headers of every portal page: nonce CSP with no scripts and nothing external, never framed,
 * nothing cached, Referer only to ourselves (the CSRF check's fallback reads it).
 */
export function sendPage(c: PortalContext, cspNonce: string, html: string, status: PageStatus = 200): Response {
  privatePageHeaders(c, cspNonce);
  return c.html(html, status);
}

export type Form = Record<string, string | File | (string | File)[]>;

export function field(form: Form, name: string): string | undefined {
  const v = form[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
}

export function fieldList(form: Form, name: string): string[] {
  const v = form[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
}

export type PostCheck = { ok: true; form: Form; visitor: Visitor } | { ok: false; lang: Lang };

/**
 * Every state-changing POST goes through here first: the form is parsed, then the CSRF token and the Origin
 * (or Referer) are checked before anything else is read or written.
 */
export async function checkPost(web: PortalWeb, c: PortalContext): Promise<PostCheck> {
  let form: Form;
  try {
    form = await c.req.parseBody({ all: true });
  } catch {
    form = {};
  }
  const lang = langOf(c, field(form, 'lang'));
  const token = ensureBrowserToken(c, web.store.settings);
  const refusal = checkCsrf(web.deps.keys, {
    submitted: field(form, CSRF_FIELD),
    sessionToken: token,
    origin: c.req.header('origin'),
    referer: c.req.header('referer'),
    expectedOrigin: web.origin,
  });
  if (refusal) {
    web.deps.logger.warn({ requestId: c.get('requestId'), refusal, route: c.req.path }, 'portal: CSRF refusal');
    return { ok: false, lang };
  }
  const session = await web.store.read(web.deps.db, token, web.deps.clock.now());
  return { ok: true, form, visitor: { lang, token, csrf: csrfTokenFor(web.deps.keys, token), session } };
}
