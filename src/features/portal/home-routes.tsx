import type { Hono } from 'hono';
import type { AppEnv } from '../../app/http/app.ts';
import { frameOf, memberPage, memberPost } from './guards.tsx';
import { HomePage, SessionsPage } from './home-views.tsx';
import { type PortalWeb, portalBodyLimit, redirect, sendPage } from './http.ts';
import { render } from './layout.tsx';
import { memberOverview } from './service/overview.ts';
import { endAllMemberSessions } from './service/session-events.ts';

/** Home (status, phone, cards, notices, terms) and the list of signed-in devices. */
export function mountHomeRoutes(app: Hono<AppEnv>, web: PortalWeb): void {
  app.get(
    '/enet',
    memberPage(web, async (c, member) => {
      const overview = await memberOverview(web.deps, member.enetId, web.deps.clock.now());
      if (!overview) return redirect(c, member.lang, '/enet/login');
      const frame = frameOf(web, c, member.lang, member.csrf);
      const page = <HomePage frame={frame} overview={overview} callCentre={web.deps.config.ISSUER_CALL_CENTRE} />;
      return sendPage(c, frame.nonce, render(page));
    }),
  );

  app.get(
    '/enet/sessions',
    memberPage(web, async (c, member) => {
      const sessions = await web.store.list(web.deps.db, member.enetId, web.deps.clock.now());
      const frame = frameOf(web, c, member.lang, member.csrf);
      const page = (
        <SessionsPage frame={frame} csrf={member.csrf} sessions={sessions} currentId={member.session.publicId} />
      );
      return sendPage(c, frame.nonce, render(page));
    }),
  );

  app.post(
    '/enet/sessions/revoke-all',
    portalBodyLimit(),
    memberPost(web, async (c, member) => {
      await endAllMemberSessions(web.deps, web.store, { enetId: member.enetId, requestId: c.get('requestId') });
      return redirect(c, member.lang, '/enet/login?done=signed_out');
    }),
  );
}
