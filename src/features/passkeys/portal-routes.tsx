import type { Hono } from 'hono';
import type { AppEnv } from '../../app/http/app.ts';
import { privatePageHeaders } from '../../app/http/headers.ts';
import { memberWithCurrentPhone } from '../../storage/repositories/authentication-reads.ts';
import { memberProfile } from '../../storage/repositories/portal-reads.ts';
import { paymentPasskeyIds } from '../../storage/repositories/spc.ts';
import type { PageStatus } from '../portal/errors.ts';
import { frameOf, memberPage, memberPost, notFound } from '../portal/guards.tsx';
import {
  field,
  type Member,
  metaOf,
  type PortalContext,
  type PortalWeb,
  portalBodyLimit,
  redirect,
  sendPage,
} from '../portal/http.ts';
import { render } from '../portal/layout.tsx';
import type { PasskeyNotice } from './portal-texts.ts';
import { PasskeyCodePage, PasskeyCreatePage, PasskeyListPage } from './portal-views.tsx';
import {
  confirmPasskeyCode,
  creationOptions,
  finishPasskeyRegistration,
  listPasskeys,
  removePasskey,
  startPasskeyRegistration,
} from './registration.ts';

const FLOW = '/enet/passkeys';
const NOTICE_QUERY: Record<string, PasskeyNotice> = {
  added: { kind: 'added' },
  removed: { kind: 'removed' },
  sent: { kind: 'code_sent' },
};

/**
 * Passkeys in the portal (docs/passkeys.md): the list, then register = password re-entered (the portal's
 * re-authentication) + a code sent to the registered phone + the authenticator's user verification.
 */
export function mountPasskeyRoutes(app: Hono<AppEnv>, web: PortalWeb): void {
  app.get(
    FLOW,
    memberPage(web, (c, member) => listPage(web, c, member, NOTICE_QUERY[c.req.query('done') ?? ''])),
  );

  app.post(
    `${FLOW}/start`,
    portalBodyLimit(),
    memberPost(
      web,
      async (c, member) => {
        const result = await startPasskeyRegistration(web.deps, who(member), metaOf(web, c));
        if (result.ok) return redirect(c, member.lang, `${FLOW}/confirm?sent=1`);
        const r = result.refusal;
        const notice: PasskeyNotice =
          r.reason === 'cooldown' ? { kind: 'cooldown', secondsLeft: r.secondsLeft } : { kind: r.reason };
        return listPage(web, c, member, notice, r.reason === 'cooldown' || r.reason.endsWith('limit') ? 429 : 409);
      },
      FLOW,
    ),
  );

  app.get(
    `${FLOW}/confirm`,
    memberPage(
      web,
      (c, member) => codePage(web, c, member, c.req.query('sent') ? { kind: 'code_sent' } : undefined),
      FLOW,
    ),
  );

  app.post(
    `${FLOW}/confirm`,
    portalBodyLimit(),
    memberPost(
      web,
      async (c, member, form) => {
        const result = await confirmPasskeyCode(
          web.deps,
          { ...who(member), code: field(form, 'code'), payment: field(form, 'payment') === '1' },
          metaOf(web, c),
        );
        if (result.ok) return redirect(c, member.lang, `${FLOW}/register`);
        if (result.reason === 'wrong_code')
          return codePage(web, c, member, { kind: 'wrong_code', attemptsLeft: result.attemptsLeft }, 400);
        return listPage(web, c, member, { kind: result.reason === 'too_many' ? 'no_ceremony' : result.reason }, 400);
      },
      FLOW,
    ),
  );

  app.get(
    `${FLOW}/register`,
    memberPage(web, (c, member) => createPage(web, c, member, ''), FLOW),
  );

  app.post(
    `${FLOW}/register`,
    portalBodyLimit(),
    memberPost(
      web,
      async (c, member, form) => {
        const name = (field(form, 'name') ?? '').slice(0, 200);
        const result = await finishPasskeyRegistration(
          web.deps,
          { ...who(member), name, credential: field(form, 'credential') },
          metaOf(web, c),
        );
        if (result.ok) return redirect(c, member.lang, `${FLOW}?done=added`);
        if (result.reason === 'name') return createPage(web, c, member, name, { nameError: true, status: 400 });
        if (result.reason === 'no_ceremony') return listPage(web, c, member, { kind: 'no_ceremony' }, 400);
        return createPage(web, c, member, name, { notice: { kind: result.reason }, status: 400 });
      },
      FLOW,
    ),
  );

  app.post(
    `${FLOW}/:id/remove`,
    portalBodyLimit(),
    memberPost(web, async (c, member) => {
      const removed = await removePasskey(
        web.deps,
        { enetId: member.enetId, passkeyId: c.req.param('id') ?? '' },
        metaOf(web, c),
      );
      if (!removed) return notFound(web, c, member);
      return redirect(c, member.lang, `${FLOW}?done=removed`);
    }),
  );
}

function who(member: Member) {
  return { enetId: member.enetId, sessionMac: member.session.idMac };
}

async function listPage(
  web: PortalWeb,
  c: PortalContext,
  member: Member,
  notice: PasskeyNotice | undefined,
  status: PageStatus = 200,
): Promise<Response> {
  const frame = frameOf(web, c, member.lang, member.csrf);
  const passkeys = await listPasskeys(web.deps, member.enetId);
  const payment = await paymentPasskeyIds(web.deps.db, member.enetId);
  const page = render(
    <PasskeyListPage frame={frame} csrf={member.csrf} passkeys={passkeys} payment={payment} notice={notice} />,
  );
  return sendPage(c, frame.nonce, page, status);
}

async function codePage(
  web: PortalWeb,
  c: PortalContext,
  member: Member,
  notice: PasskeyNotice | undefined,
  status: PageStatus = 200,
): Promise<Response> {
  const phone = await memberWithCurrentPhone(web.deps.db, member.enetId);
  const frame = frameOf(web, c, member.lang, member.csrf);
  const page = render(
    <PasskeyCodePage frame={frame} csrf={member.csrf} maskedPhone={phone?.phone_masked ?? ''} notice={notice} />,
  );
  return sendPage(c, frame.nonce, page, status);
}

async function createPage(
  web: PortalWeb,
  c: PortalContext,
  member: Member,
  name: string,
  opts: { nameError?: boolean; notice?: PasskeyNotice; status?: PageStatus } = {},
): Promise<Response> {
  const profile = await memberProfile(web.deps.db, member.enetId);
  const created = await creationOptions(web.deps, { ...who(member), displayName: profile?.name ?? member.enetId });
  if (!created) return listPage(web, c, member, { kind: 'no_ceremony' }, 409);
  const frame = frameOf(web, c, member.lang, member.csrf);
  const page = render(
    <PasskeyCreatePage
      frame={frame}
      csrf={member.csrf}
      options={created.options}
      payment={created.payment}
      name={name}
      nameError={opts.nameError ?? false}
      notice={opts.notice}
    />,
  );
  // The one portal page that runs a script: its own nonce'd inline ceremony, nothing else.
  privatePageHeaders(c, frame.nonce);
  c.header(
    'Content-Security-Policy',
    `default-src 'none'; script-src 'nonce-${frame.nonce}'; style-src 'nonce-${frame.nonce}'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  );
  return c.html(page, opts.status ?? 200);
}
