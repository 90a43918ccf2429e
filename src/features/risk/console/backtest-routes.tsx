import { asServiceError, httpStatusOf } from '../../../app/http/errors.ts';
import { backtestRun, recentBacktestRuns } from '../../../storage/repositories/risk-backtests.ts';
import type { Handler, Signed } from '../../console/guard.tsx';
import { type Ctx, withLang } from '../../console/http.ts';
import { t } from '../../console/layout.tsx';
import { messagePage, sendConsolePage } from '../../console/page.tsx';
import { actorDirectory, actorName } from '../../console/service/audit-log.ts';
import { actorOf } from '../../console/service/roles.ts';
import { BACKTEST_MAX_DAYS, runBacktest } from '../backtest.ts';
import { listRiskPolicies } from '../policy-admin.ts';
import { shadowComparison, startShadow, stopShadow } from '../shadow.ts';
import type { BacktestRouteKey } from './backtest-access.ts';
import { type BacktestFormState, BacktestList, BacktestResult } from './backtest-views.tsx';
import { ShadowPage } from './shadow-views.tsx';

const RUNS_LISTED = 20;

type Status = ReturnType<typeof httpStatusOf>;

async function backtestsPage(c: Ctx, s: Signed, form: BacktestFormState = {}, status?: Status): Promise<Response> {
  const l = t(s.lang);
  const db = s.web.deps.db;
  const [policies, runs] = await Promise.all([listRiskPolicies(db), recentBacktestRuns(db, RUNS_LISTED)]);
  return sendConsolePage(
    c,
    s,
    l('リスク判定のバックテスト', 'Risk policy backtests'),
    <BacktestList s={s} policies={policies} runs={runs} form={form} />,
    status ? { status } : {},
  );
}

async function runPage(c: Ctx, s: Signed): Promise<Response> {
  const l = t(s.lang);
  const db = s.web.deps.db;
  const run = await backtestRun(db, c.req.param('id') ?? '');
  const title = l('バックテストの結果', 'Backtest result');
  if (!run) return messagePage(c, s, title, l('見つかりません。', 'Not found.'), 404);
  const [policies, directory] = await Promise.all([listRiskPolicies(db), actorDirectory(db)]);
  const policy = policies.find((p) => p.id === run.policy_id);
  return sendConsolePage(
    c,
    s,
    title,
    <BacktestResult s={s} run={run} policy={policy} by={actorName(directory, run.run_by, s.lang)} />,
  );
}

async function shadowPage(c: Ctx, s: Signed, error?: { message: string; status: Status }): Promise<Response> {
  const l = t(s.lang);
  const deps = s.web.deps;
  const [data, policies, directory] = await Promise.all([
    shadowComparison(deps),
    listRiskPolicies(deps.db),
    actorDirectory(deps.db),
  ]);
  const candidates = policies.filter((p) => p.status === 'draft' || p.status === 'requested');
  return sendConsolePage(
    c,
    s,
    l('シャドー評価', 'Shadow mode'),
    <ShadowPage
      s={s}
      data={data}
      candidates={candidates}
      by={data.shadow ? actorName(directory, data.shadow.set_by, s.lang) : undefined}
      error={error?.message}
    />,
    error ? { status: error.status } : {},
  );
}

export const backtestHandlers = {
  'GET /console/risk/backtests': (c, s) => backtestsPage(c, s),
  'POST /console/risk/backtests': async (c, s) => {
    const form = { policyId: s.f('policyId'), days: s.f('days').trim() };
    try {
      const days = /^\d{1,3}$/.test(form.days) ? Number(form.days) : Number.NaN;
      const id = await runBacktest(s.web.deps, actorOf(s.op), { policyId: form.policyId, days });
      return c.redirect(withLang(s.lang, `/console/risk/backtests/${encodeURIComponent(id)}`), 303);
    } catch (thrown) {
      const err = asServiceError(thrown);
      if (!err) throw thrown;
      const l = t(s.lang);
      const errors =
        err.field === 'days'
          ? {
              days: l(
                `1〜${BACKTEST_MAX_DAYS} の整数で入力してください。`,
                `Enter a whole number from 1 to ${BACKTEST_MAX_DAYS}.`,
              ),
            }
          : {
              policyId: l(
                'このポリシーではバックテストできません。選び直してください。',
                'This policy cannot be backtested: choose another.',
              ),
            };
      return backtestsPage(c, s, { ...form, errors }, httpStatusOf(err.code));
    }
  },
  'GET /console/risk/backtests/:id': (c, s) => runPage(c, s),
  'GET /console/risk/shadow': (c, s) => shadowPage(c, s),
  'POST /console/risk/shadow': async (c, s) => {
    const deps = { ...s.web.deps, shadowChanged: () => s.web.deps.riskPolicy.reload() };
    const stopping = s.f('action') === 'stop';
    try {
      if (stopping) await stopShadow(deps, actorOf(s.op));
      else await startShadow(deps, actorOf(s.op), s.f('policyId'));
      return c.redirect(withLang(s.lang, '/console/risk/shadow'), 303);
    } catch (thrown) {
      const err = asServiceError(thrown);
      if (!err) throw thrown;
      const l = t(s.lang);
      const message =
        err.code === 'invalid'
          ? l(
              'シャドー評価できるのは、適用中でも終了済みでもない正しいポリシーです。',
              'Only a valid policy neither in force nor retired can be put in shadow.',
            )
          : stopping
            ? l('シャドー評価中のポリシーはありません。', 'No policy is in shadow.')
            : l(
                '他の管理者が同時に変更しました。もう一度お試しください。',
                'Another admin changed it at the same time: try again.',
              );
      return shadowPage(c, s, { message, status: httpStatusOf(err.code) });
    }
  },
} satisfies Record<BacktestRouteKey, Handler>;
