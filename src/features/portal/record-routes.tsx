import type { Hono } from 'hono';
import type { AppEnv } from '../../app/http/app.ts';
import { CasePage, type CasePageView, CasesPage } from '../investigations/portal/case-views.tsx';
import { answerAsMember } from '../investigations/service/cooperation.ts';
import { caseOfReport, type MemberCase, memberCase, memberCases } from '../investigations/service/member-view.ts';
import { type PageStatus, refusalStatus } from './errors.ts';
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
import { fraudReportOf, submitFraudReport } from './service/fraud-reports.ts';
import { listHistory, recentTransactions } from './service/history.ts';
import { FRAUD_MAX_TRANSACTIONS } from './service/policy.ts';
import { jstDate } from './service/time.ts';
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
        error: {
          text: RECORD_TEXTS[member.lang].problem[result.problem],
          status: refusalStatus('fraudReport', result.problem),
        },
      });
    }),
  );

  app.get(
    '/enet/fraud/:id',
    memberPage(web, async (c, member) => {
      const report = await fraudReportOf(web.deps, member.enetId, c.req.param('id') ?? '');
      if (!report) return notFound(web, c, member);
      const kase = await caseOfReport(web.deps.db, member.enetId, report.id);
      const frame = frameOf(web, c, member.lang, member.csrf);
      return sendPage(c, frame.nonce, render(<FraudReceiptPage frame={frame} report={report} kase={kase} />));
    }),
  );

  // terms art. 5-3 (issue #8): the member follows the investigation and answers cooperation requests.
  app.get(
    '/enet/fraud',
    memberPage(web, async (c, member) => {
      const cases = await memberCases(web.deps.db, member.enetId);
      const frame = frameOf(web, c, member.lang, member.csrf);
      return sendPage(c, frame.nonce, render(<CasesPage frame={frame} cases={cases} />));
    }),
  );

  app.get(
    '/enet/fraud/cases/:caseId',
    memberPage(web, async (c, member) => {
      const kase = await memberCase(web.deps.db, member.enetId, c.req.param('caseId') ?? '');
      if (!kase) return notFound(web, c, member);
      const thanks = c.req.query('answered') === '1';
      const notice = thanks ? { kind: 'info' as const, text: RECORD_TEXTS[member.lang].answerThanks } : undefined;
      return casePage(web, c, member, { kase, notice });
    }),
  );

  app.post(
    '/enet/fraud/cases/:caseId/answer',
    portalBodyLimit(),
    memberPost(web, async (c, member, form) => {
      const caseId = c.req.param('caseId') ?? '';
      if (!(await memberCase(web.deps.db, member.enetId, caseId))) return notFound(web, c, member);
      const input = { requestId: field(form, 'request') ?? '', answer: field(form, 'answer') ?? '' };
      const result = await answerAsMember(web.deps, member.enetId, caseId, input, metaOf(web, c));
      if (result.ok) return redirect(c, member.lang, `/enet/fraud/cases/${caseId}?answered=1`);
      const kase = await memberCase(web.deps.db, member.enetId, caseId);
      if (!kase) return notFound(web, c, member);
      const text = RECORD_TEXTS[member.lang].answerProblem[result.problem];
      const status = refusalStatus('caseAnswer', result.problem);
      return casePage(web, c, member, { kase, notice: { kind: 'alert', text }, draft: input }, status);
    }),
  );
}

function casePage(
  web: PortalWeb,
  c: PortalContext,
  member: Member,
  view: { kase: MemberCase } & Partial<Pick<CasePageView, 'notice' | 'draft'>>,
  status: PageStatus = 200,
): Response {
  const frame = frameOf(web, c, member.lang, member.csrf);
  return sendPage(c, frame.nonce, render(<CasePage view={{ frame, csrf: member.csrf, ...view }} />), status);
}

async function fraudForm(
  web: PortalWeb,
  c: PortalContext,
  member: Member,
  values: {
    checked: string[];
    noticedOn?: string;
    description?: string;
    contact?: string;
    error?: { text: string; status: PageStatus };
  },
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
    error: values.error?.text,
  };
  return sendPage(c, frame.nonce, render(<FraudFormPage view={view} />), values.error?.status ?? 200);
}
