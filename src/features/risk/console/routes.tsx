import { asServiceError, httpStatusOf } from '../../../app/http/errors.ts';
import type { Handler, Signed } from '../../console/guard.tsx';
import { type Ctx, withLang } from '../../console/http.ts';
import { FieldError, fmt, Hidden, Scroll, t } from '../../console/layout.tsx';
import { sendConsolePage } from '../../console/page.tsx';
import { actorDirectory, actorName } from '../../console/service/audit-log.ts';
import { actorOf } from '../../console/service/roles.ts';
import { decideRiskPolicyActivation, listRiskPolicies, requestRiskPolicyActivation } from '../policy-admin.ts';
import type { RiskRouteKey } from './access.ts';
import { backtestHandlers } from './backtest-routes.tsx';
import { riskDashboardHandlers } from './dashboard.tsx';
import { policyFormHandlers } from './policy-form.tsx';

type Pair = readonly [string, string];

const STATUS_LABELS: Readonly<Record<string, Pair>> = {
  draft: ['下書き', 'Draft'],
  requested: ['有効化の承認待ち', 'Activation awaiting a second admin'],
  active: ['適用中', 'Active'],
  retired: ['終了', 'Retired'],
};

interface Refusal {
  id: string;
  message: string;
  status: ReturnType<typeof httpStatusOf>;
}

async function riskPage(c: Ctx, s: Signed, refusal?: Refusal): Promise<Response> {
  const l = t(s.lang);
  const [rows, directory] = await Promise.all([listRiskPolicies(s.web.deps.db), actorDirectory(s.web.deps.db)]);
  const who = (actor: string) => actorName(directory, actor, s.lang);
  const me = actorOf(s.op);
  const admin = s.op.role === 'admin';
  const action = (id: string, step: string) => withLang(s.lang, `/console/risk/${encodeURIComponent(id)}/${step}`);
  return sendConsolePage(
    c,
    s,
    l('リスクベース認証のポリシー', 'Risk-based authentication policies'),
    <>
      <p>
        {l(
          '有効化は管理者が申請し、別の管理者が承認します。リスクベース認証のポリシーは、それを定める規約の版が施行中のときだけ有効にできます。',
          'One admin asks for an activation and another approves it. A risk policy can only be activated while the terms version describing it is in force.',
        )}{' '}
        <a href={withLang(s.lang, '/console/risk/dashboard')}>{l('日別のリスク判定', 'Risk decisions per day')}</a>
        {' · '}
        <a href={withLang(s.lang, '/console/risk/backtests')}>{l('バックテスト', 'Backtests')}</a>
        {' · '}
        <a href={withLang(s.lang, '/console/risk/shadow')}>{l('シャドー評価', 'Shadow mode')}</a>
      </p>
      {admin && (
        <p>
          <a id="risk-new" href={withLang(s.lang, '/console/risk/new')}>
            {l('ポリシーの案を作成', 'Draft a policy')}
          </a>
        </p>
      )}
      <Scroll>
        <table id="risk-policies">
          <thead>
            <tr>
              <th scope="col">{l('版', 'Version')}</th>
              <th scope="col">{l('名称', 'Name')}</th>
              <th scope="col">{l('状態', 'Status')}</th>
              <th scope="col">{l('申請・承認', 'Requested / approved')}</th>
              <th scope="col">{l('操作', 'Action')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => {
              const pair = STATUS_LABELS[p.status];
              return (
                <tr id={`policy-${p.version}`}>
                  <td class="num">v{p.version}</td>
                  <td>{s.lang === 'en' ? p.name_en : p.name}</td>
                  <td class="status">{pair ? (s.lang === 'en' ? pair[1] : pair[0]) : p.status}</td>
                  <td>
                    {p.requested_by ? `${who(p.requested_by)} ${fmt(p.requested_at)}` : ''}
                    {p.activated_by ? ` / ${who(p.activated_by)} ${fmt(p.activated_at)}` : ''}
                  </td>
                  <td>
                    {admin && p.status === 'draft' && (
                      <form class="inline" method="post" action={action(p.id, 'request')}>
                        <Hidden csrf={s.csrf} />
                        <button type="submit">{l('有効化を申請', 'Ask to activate')}</button>
                      </form>
                    )}
                    {admin && p.status === 'requested' && p.requested_by !== me && (
                      <form class="inline" method="post" action={action(p.id, 'decide')}>
                        <Hidden csrf={s.csrf} />
                        <button type="submit" name="decision" value="approved">
                          {l('承認して有効化', 'Approve and activate')}
                        </button>
                        <button type="submit" name="decision" value="rejected">
                          {l('却下', 'Reject')}
                        </button>
                      </form>
                    )}
                    <FieldError
                      id={`risk-${p.version}-error`}
                      text={refusal?.id === p.id ? refusal.message : undefined}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Scroll>
    </>,
    refusal ? { status: refusal.status } : {},
  );
}

/** Runs one step; a refused one (own request, terms not in force, already decided) is shown beside its row. */
async function step(c: Ctx, s: Signed, work: (id: string) => Promise<void>): Promise<Response> {
  const id = c.req.param('id') ?? '';
  try {
    await work(id);
    return c.redirect(withLang(s.lang, '/console/risk'), 303);
  } catch (thrown) {
    const err = asServiceError(thrown);
    if (!err) throw thrown;
    return riskPage(c, s, { id, message: err.message, status: httpStatusOf(err.code) });
  }
}

export const riskHandlers = {
  ...riskDashboardHandlers,
  ...policyFormHandlers,
  'GET /console/risk': (c, s) => riskPage(c, s),
  'POST /console/risk/:id/request': (c, s) =>
    step(c, s, (id) => requestRiskPolicyActivation(s.web.deps, actorOf(s.op), id)),
  'POST /console/risk/:id/decide': (c, s) =>
    step(c, s, (id) =>
      decideRiskPolicyActivation(
        { ...s.web.deps, policyChanged: () => s.web.deps.riskPolicy.reload() },
        actorOf(s.op),
        id,
        s.f('decision') === 'approved' ? 'approved' : 'rejected',
      ),
    ),
  ...backtestHandlers,
} satisfies Record<RiskRouteKey, Handler>;
