import type { Hono } from 'hono';
import type { AppEnv } from '../../app/http/app.ts';
import {
  ConfirmEnrollmentPage,
  type EnrollmentPageKind,
  LostDonePage,
  UnregisterDonePage,
} from './enrollment-views.tsx';
import { refusalStatus } from './errors.ts';
import { frameOf, memberPage, memberPost } from './guards.tsx';
import {
  type Member,
  metaOf,
  type PortalContext,
  type PortalWeb,
  portalBodyLimit,
  redirect,
  sendPage,
} from './http.ts';
import { render } from './layout.tsx';
import { memberEnrollment, reportLostStolen, unregisterMember } from './service/enrollment-actions.ts';
import { ENROLLMENT_TEXTS } from './texts/enrollment.ts';

/** terms art. 2-2 (lost/stolen: lock at once) and 2-3 (unregister on the member's request). */
export function mountEnrollmentRoutes(app: Hono<AppEnv>, web: PortalWeb): void {
  for (const kind of ['lost', 'unregister'] as const) {
    const path = `/enet/${kind}`;
    app.get(
      path,
      memberPage(web, (c, member) => confirmPage(web, c, member, kind), path),
    );
    app.post(
      path,
      portalBodyLimit(),
      memberPost(
        web,
        async (c, member) => {
          const act = kind === 'lost' ? reportLostStolen : unregisterMember;
          const result = await act(
            web.deps,
            { enetId: member.enetId, keepSessionMac: member.session.idMac },
            metaOf(web, c),
          );
          if (result.ok) return redirect(c, member.lang, `${path}/done`);
          return confirmPage(web, c, member, kind, result.reason);
        },
        path,
      ),
    );
  }

  app.get(
    '/enet/lost/done',
    memberPage(web, async (c, member) => {
      const frame = frameOf(web, c, member.lang, member.csrf);
      return sendPage(
        c,
        frame.nonce,
        render(<LostDonePage frame={frame} callCentre={web.deps.config.ISSUER_CALL_CENTRE} />),
      );
    }),
  );

  app.get(
    '/enet/unregister/done',
    memberPage(web, async (c, member) => {
      const frame = frameOf(web, c, member.lang, member.csrf);
      return sendPage(c, frame.nonce, render(<UnregisterDonePage frame={frame} />));
    }),
  );
}

async function confirmPage(
  web: PortalWeb,
  c: PortalContext,
  member: Member,
  kind: EnrollmentPageKind,
  refusedFor?: 'not_enrolled' | 'locked',
): Promise<Response> {
  const row = await memberEnrollment(web.deps.db, member.enetId);
  if (!row) return redirect(c, member.lang, '/enet/login');
  const t = ENROLLMENT_TEXTS[member.lang];
  const why =
    refusedFor ?? (row.enrollment === 'enrolled' ? undefined : row.enrollment === 'locked' ? 'locked' : 'not_enrolled');
  let refusal: string | undefined;
  if (why === 'locked') refusal = t.alreadyLocked;
  else if (why === 'not_enrolled') refusal = kind === 'lost' ? t.notEnrolledForLost : t.notEnrolledForUnregister;
  const frame = frameOf(web, c, member.lang, member.csrf);
  frame.path = `/enet/${kind}`;
  const page = (
    <ConfirmEnrollmentPage
      frame={frame}
      csrf={member.csrf}
      kind={kind}
      refusal={refusal}
      callCentre={web.deps.config.ISSUER_CALL_CENTRE}
    />
  );
  return sendPage(c, frame.nonce, render(page), refusedFor ? refusalStatus('enrollment', refusedFor) : 200);
}
