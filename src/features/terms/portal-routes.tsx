import type { Hono } from 'hono';
import type { AppEnv } from '../../app/http/app.ts';
import { type PageStatus, refusalStatus } from '../portal/errors.ts';
import { frameOf, memberPage, memberPost } from '../portal/guards.tsx';
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
import { TermsPage } from './portal-views.tsx';
import { acceptTerms, latestConsent, nextTermsAfter, termsInForceOn } from './service/acceptance.ts';

/** terms art. 12: read the version in force, see what was accepted and when, accept a new version. */
export function mountTermsRoutes(app: Hono<AppEnv>, web: PortalWeb): void {
  app.get(
    '/enet/terms',
    memberPage(web, (c, member) => termsPage(web, c, member, c.req.query('accepted') ? 'thanks' : undefined)),
  );

  app.post(
    '/enet/terms/accept',
    portalBodyLimit(),
    memberPost(web, async (c, member, form) => {
      if (field(form, 'agree') !== '1')
        return termsPage(web, c, member, undefined, refusalStatus('terms', 'not_agreed'));
      const result = await acceptTerms(web.deps, member.enetId, field(form, 'version') ?? '', metaOf(web, c));
      if (!result.ok) return termsPage(web, c, member, 'stale', refusalStatus('terms', result.reason));
      return redirect(c, member.lang, '/enet/terms?accepted=1');
    }),
  );
}

async function termsPage(
  web: PortalWeb,
  c: PortalContext,
  member: Member,
  notice: 'thanks' | 'stale' | undefined,
  status: PageStatus = 200,
): Promise<Response> {
  const now = web.deps.clock.now();
  const current = await termsInForceOn(web.deps.db, now);
  const next = await nextTermsAfter(web.deps.db, now);
  const accepted = await latestConsent(web.deps.db, member.enetId);
  const frame = frameOf(web, c, member.lang, member.csrf);
  frame.path = '/enet/terms';
  const page = (
    <TermsPage frame={frame} csrf={member.csrf} current={current} next={next} accepted={accepted} notice={notice} />
  );
  return sendPage(c, frame.nonce, render(page), status);
}
