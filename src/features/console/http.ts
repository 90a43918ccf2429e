import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { ClientErrorStatusCode } from 'hono/utils/http-status';
import type { AppDeps } from '../../app/deps.ts';
import type { AppEnv } from '../../app/http/app.ts';
import { clientIp as sharedClientIp } from '../../app/http/client-ip.ts';
import { checkCsrf, csrfTokenFor } from '../../app/http/csrf.ts';
import { privatePageHeaders } from '../../app/http/headers.ts';
import { newSessionToken, readSessionCookie, type SessionSettings, SessionStore } from '../../app/http/session.ts';
import { chooseLang, type Lang } from '../../core/i18n.ts';
import type { ConsoleDeps } from './service/member-actions.ts';

/** Signed-in operators: 30 minutes idle, 8 hours at most (one shift). */
export const CONSOLE_SESSION: SessionSettings = {
  cookieName: '__Host-ninsho_console',
  table: 'console_sessions',
  idleMs: 30 * 60_000,
  absoluteMs: 8 * 3_600_000,
};
/** Between the password and the TOTP code: a short-lived half session (subject `mfa:<id>`). */
const PENDING_SESSION: SessionSettings = { ...CONSOLE_SESSION, idleMs: 5 * 60_000, absoluteMs: 10 * 60_000 };

export type Ctx = Context<AppEnv>;

export interface ConsoleWeb {
  deps: ConsoleDeps & Pick<AppDeps, 'metrics' | 'operationsChanged' | 'ranges' | 'signing' | 'riskPolicy'>;
  store: SessionStore;
  pending: SessionStore;
  origin: string;
}

export function createConsoleWeb(app: AppDeps): ConsoleWeb {
  return {
    deps: { ...app, kick: () => app.worker.kick() },
    store: new SessionStore(CONSOLE_SESSION, app.keys),
    pending: new SessionStore(PENDING_SESSION, app.keys),
    origin: new URL(app.config.PUBLIC_URL).origin,
  };
}

/**
 * The shared session module writes SameSite=Lax (right for the portal's emailed links); the console is never
 * entered from another site, so its cookie is Strict. Hence this writer instead of `writeSessionCookie`.
 */
export function writeConsoleCookie(c: Ctx, token: string): void {
  setCookie(c, CONSOLE_SESSION.cookieName, token, {
    secure: true,
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    maxAge: Math.floor(CONSOLE_SESSION.absoluteMs / 1000),
  });
}

export function browserToken(c: Ctx): string {
  const current = readSessionCookie(c, CONSOLE_SESSION);
  if (current) return current;
  const token = newSessionToken();
  writeConsoleCookie(c, token);
  return token;
}

export function csrfFor(web: ConsoleWeb, token: string): string {
  return csrfTokenFor(web.deps.keys, token);
}

export function csrfRefused(web: ConsoleWeb, c: Ctx, submitted: string | undefined): boolean {
  return (
    checkCsrf(web.deps.keys, {
      submitted,
      sessionToken: readSessionCookie(c, CONSOLE_SESSION),
      origin: c.req.header('origin'),
      referer: c.req.header('referer'),
      expectedOrigin: web.origin,
    }) !== undefined
  );
}

export function langOf(c: Ctx): Lang {
  return chooseLang(c.req.query('lang'), c.req.header('accept-language'));
}

export function withLang(lang: Lang, path: string): string {
  return lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path;
}

/** The client's address for rate limits and session records: the portal's rule (the last proxy hop under TRUST_PROXY). */
export function clientIp(web: ConsoleWeb, c: Ctx): string {
  return sharedClientIp(c, web.deps.config.TRUST_PROXY);
}

export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

/** A console page's status: 200, or any 4xx (errors map through src/app/http/errors.ts). */
export type Status = 200 | ClientErrorStatusCode;

/** Nonce CSP, nothing external, never framed or cached. */
export function sendPage(c: Ctx, nonce: string, html: string, status: Status = 200): Response {
  privatePageHeaders(c, nonce);
  return c.html(html, status);
}

export async function formOf(c: Ctx): Promise<(name: string) => string> {
  const body = await c.req.parseBody({ all: true });
  return (name) => {
    const v = body[name];
    return typeof v === 'string' ? v : '';
  };
}

export async function formAll(c: Ctx, name: string): Promise<string[]> {
  const body = await c.req.parseBody({ all: true });
  const v = body[name];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}
