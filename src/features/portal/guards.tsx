import type { Handler } from 'hono';
import type { AppEnv } from '../../app/http/app.ts';
import { ServiceError } from '../../core/errors.ts';
import type { Lang } from '../../core/i18n.ts';
import { openCooperation } from '../investigations/service/member-view.ts';
import { refusalStatus, serviceErrorPage } from './errors.ts';
import {
  asMember,
  checkPost,
  type Form,
  langOf,
  type Member,
  nonce,
  type PortalContext,
  type PortalWeb,
  reauthFresh,
  redirect,
  sendPage,
  visitorOf,
} from './http.ts';
import { type PageFrame, RefusedPage, render } from './layout.tsx';

/** terms art. 5-3-3: how many cooperation requests the signed-in member has to answer (read once per page). */
const OPEN_REQUESTS = new WeakMap<PortalContext, number>();

/** The page frame for this request (issuer name in the page's language, CSRF token when signed in). */
export function frameOf(web: PortalWeb, c: PortalContext, lang: Lang, csrf?: string): PageFrame {
  const config = web.deps.config;
  const url = new URL(c.req.url);
  return {
    lang,
    nonce: nonce(),
    issuerName: lang === 'en' ? config.ISSUER_NAME_EN : config.ISSUER_NAME,
    path: `${url.pathname}${url.search}`,
    csrf,
    openRequests: csrf === undefined ? 0 : (OPEN_REQUESTS.get(c) ?? 0),
  };
}

/** A refused state change: 403, nothing read or written. */
export function refused(web: PortalWeb, c: PortalContext, lang: Lang): Response {
  const frame = frameOf(web, c, lang);
  frame.path = '/enet';
  return sendPage(
    c,
    frame.nonce,
    render(<RefusedPage frame={frame} kind="refused" />),
    refusalStatus('request', 'refused'),
  );
}

export function notFound(web: PortalWeb, c: PortalContext, member: Member): Response {
  const frame = frameOf(web, c, member.lang, member.csrf);
  const page = render(<RefusedPage frame={frame} kind="notFound" />);
  return sendPage(c, frame.nonce, page, refusalStatus('request', 'not_found'));
}

/** A `ServiceError` that reached a member page: answered with its page and status (errors.ts), never a 500. */
function serviceErrorResponse(web: PortalWeb, c: PortalContext, member: Member, err: ServiceError): Response {
  web.deps.logger.warn({ requestId: c.get('requestId'), code: err.code, route: c.req.path }, 'portal: refused');
  const { status, page } = serviceErrorPage(err.code);
  const frame = frameOf(web, c, member.lang, member.csrf);
  return sendPage(c, frame.nonce, render(<RefusedPage frame={frame} kind={page} />), status);
}

/** Runs a member's handler; a `ServiceError` it lets through becomes the portal's error page. */
async function answerMember(
  web: PortalWeb,
  c: PortalContext,
  member: Member,
  run: () => Promise<Response>,
): Promise<Response> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ServiceError) return serviceErrorResponse(web, c, member, err);
    throw err;
  }
}

function toReauth(c: PortalContext, lang: Lang, next: string): Response {
  return redirect(c, lang, `/enet/reauth?next=${encodeURIComponent(next)}`);
}

type MemberHandler = (c: PortalContext, member: Member) => Promise<Response>;
type MemberPostHandler = (c: PortalContext, member: Member, form: Form) => Promise<Response>;

/**
 * A page for signed-in members. With `reauthFor`, the page changes the phone or the registration, so the
 * password must have been entered within the last five minutes (else: the re-authentication page first).
 */
export function memberPage(web: PortalWeb, handler: MemberHandler, reauthFor?: string): Handler<AppEnv> {
  return async (c) => {
    const member = asMember(await visitorOf(web, c));
    if (!member) return redirect(c, langOf(c), '/enet/login');
    if (reauthFor && !reauthFresh(web, member.session)) return toReauth(c, member.lang, reauthFor);
    OPEN_REQUESTS.set(c, (await openCooperation(web.deps.db, member.enetId)).length);
    return answerMember(web, c, member, () => handler(c, member));
  };
}

/** A state-changing POST from a signed-in member: CSRF and Origin first, then the session, then re-auth. */
export function memberPost(web: PortalWeb, handler: MemberPostHandler, reauthFor?: string): Handler<AppEnv> {
  return async (c) => {
    const check = await checkPost(web, c);
    if (!check.ok) return refused(web, c, check.lang);
    const member = asMember(check.visitor);
    if (!member) return redirect(c, check.visitor.lang, '/enet/login');
    if (reauthFor && !reauthFresh(web, member.session)) return toReauth(c, member.lang, reauthFor);
    return answerMember(web, c, member, () => handler(c, member, check.form));
  };
}
