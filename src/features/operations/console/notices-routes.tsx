import { ServiceError } from '../../../core/errors.ts';
import type { Handler } from '../../console/guard.tsx';
import { withLang } from '../../console/http.ts';
import { t } from '../../console/layout.tsx';
import { sendConsolePage } from '../../console/page.tsx';
import { actorOf } from '../../console/service/roles.ts';
import { controlMailing, isMailingControl, mailingProgress, mailNotice } from '../service/mailings.ts';
import { listNotices, publishNotice } from '../service/notices.ts';
import type { OperationsRouteKey } from './access.ts';
import { MailingPage, NoticesPage } from './notices-views.tsx';
import { noticeText, param } from './shared.tsx';

/** Notices (terms art. 3-2, 11-2, 12-2) and their mailings to enrolled members. */
export const noticeHandlers = {
  'GET /console/notices': async (c, s) => {
    const { db, clock } = s.web.deps;
    const [notices, mailings] = await Promise.all([listNotices(db), mailingProgress(db, { limit: 20 })]);
    return sendConsolePage(
      c,
      s,
      t(s.lang)('お知らせ', 'Notices'),
      <NoticesPage s={s} notices={notices} mailings={mailings} now={clock.now()} />,
    );
  },
  'POST /console/notices': async (c, s) => {
    await publishNotice(s.web.deps, { ...noticeText(s), kind: 'service_change' }, actorOf(s.op));
    return c.redirect(withLang(s.lang, '/console/notices'), 303);
  },
  'POST /console/notices/:id/mailing': async (c, s) => {
    const id = await mailNotice(s.web.deps, param(c, 'id'), actorOf(s.op));
    s.web.deps.kick();
    return c.redirect(withLang(s.lang, `/console/mailings/${id}`), 303);
  },
  'GET /console/mailings/:id': async (c, s) => {
    const [p] = await mailingProgress(s.web.deps.db, { id: param(c, 'id') });
    if (!p) throw new ServiceError('not_found', 'no mailing with that id', 'id');
    const running = p.mailing.status === 'running' || (p.mailing.status === 'completed' && p.queued > 0);
    return sendConsolePage(c, s, t(s.lang)('メール送信の進捗', 'Mailing progress'), <MailingPage s={s} p={p} />, {
      ...(running && { refreshSeconds: 5 }),
    });
  },
  'POST /console/mailings/:id/control': async (c, s) => {
    const action = s.f('action');
    if (!isMailingControl(action)) throw new ServiceError('invalid', 'action: pause, resume or cancel', 'action');
    await controlMailing(s.web.deps, param(c, 'id'), action, actorOf(s.op));
    if (action === 'resume') s.web.deps.kick();
    return c.redirect(withLang(s.lang, `/console/mailings/${param(c, 'id')}`), 303);
  },
} satisfies Partial<Record<OperationsRouteKey, Handler>>;
