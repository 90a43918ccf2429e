import type { Hono } from 'hono';
import { fraudReportOf, submitFraudReport } from '../../services/portal/fraud-reports.ts';
import { listHistory, recentTransactions } from '../../services/portal/history.ts';
import { FRAUD_MAX_TRANSACTIONS } from '../../services/portal/policy.ts';
import { jstDate } from '../../services/portal/time.ts';
import type { AppEnv } from '../app.ts';
import { frameOf, memberPage, memberPost, notFound } from './guards.tsx';
import {
  field,
  fieldList,
  type Member,
  metaOf,
  type PortalContext,
  type PortalWeb,
  portalBodyLimit,
  redirect,
  sendPage,
} from './http.ts';
import { render } from './layout.tsx';
import { FraudFormPage, FraudReceiptPage, HistoryPageView } from './record-views.tsx';
import { RECORD_TEXTS } from './texts/records.ts';

/** History of authentications, and the fraud report of terms art. 5-2 with its receipt. */
export function mountRecordRoutes(app: Hono<AppEnv>, web: PortalWeb): void {
  app.get(
    '/enet/history',
    memberPage(web, async (c, member) => {
      const history = await listHistory(web.deps.db, member.enetId, Number(c.req.query('page') ?? '1'));
      const frame = frameOf(web, c, member.lang, member.csrf);
      return sendPage(c, frame.nonce, render(<HistoryPageView frame={frame} history={history} />));
    }),
  );

  app.get(
    '/enet/fraud/new',
    memberPage(web, async (c, member) => {
      const txn = c.req.query('txn');
      return fraudForm(web, c, member, { checked: txn ? [txn] : [] });
    }),
  );

  app.post(
    '/enet/fraud',
    portalBodyLimit(),
    memberPost(web, async (c, member, form) => {
      const input = {
        acsTransIds: fieldList(form, 'txn'),
        noticedOn: field(form, 'noticedOn') ?? '',
        description: field(form, 'description') ?? '',
        contactPreference: field(form, 'contact') ?? '',
      };
      const result = await submitFraudReport(web.deps, member.enetId, input, metaOf(web, c));
      if (result.ok) return redirect(c, member.lang, `/enet/fraud/${result.id}`);
      return fraudForm(web, c, member, {
        checked: input.acsTransIds,
        noticedOn: input.noticedOn,
        description: input.description,
        contact: input.contactPreference,
        error: RECORD_TEXTS[member.lang].problem[result.problem],
      });
    }),
  );

  app.get(
    '/enet/fraud/:id',
    memberPage(web, async (c, member) => {
      const report = await fraudReportOf(web.deps, member.enetId, c.req.param('id') ?? '');
      if (!report) return notFound(web, c, member);
      const frame = frameOf(web, c, member.lang, member.csrf);
      return sendPage(c, frame.nonce, render(<FraudReceiptPage frame={frame} report={report} />));
    }),
  );
}

async function fraudForm(
  web: PortalWeb,
  c: PortalContext,
  member: Member,
  values: { checked: string[]; noticedOn?: string; description?: string; contact?: string; error?: string },
): Promise<Response> {
  const today = jstDate(web.deps.clock.now());
  const transactions = await recentTransactions(web.deps.db, member.enetId, FRAUD_MAX_TRANSACTIONS);
  const frame = frameOf(web, c, member.lang, member.csrf);
  frame.path = '/enet/fraud/new';
  const view = {
    frame,
    csrf: member.csrf,
    transactions,
    checked: new Set(values.checked),
    noticedOn: values.noticedOn ?? today,
    today,
    description: values.description ?? '',
    contact: values.contact ?? 'email',
    error: values.error,
  };
  return sendPage(c, frame.nonce, render(<FraudFormPage view={view} />), values.error ? 400 : 200);
}
