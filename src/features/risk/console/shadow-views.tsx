import type { FC } from 'hono/jsx';
import type { ShadowDayRow } from '../../../storage/repositories/risk-shadow.ts';
import type { RiskPolicyRow } from '../../../storage/tables/risk.ts';
import type { Signed } from '../../console/guard.tsx';
import { withLang } from '../../console/http.ts';
import { FieldError, fmt, Hidden, Scroll, t } from '../../console/layout.tsx';
import { SHADOW_DAYS, type shadowComparison } from '../shadow.ts';
import { decisionLabel, policyName, rate } from './backtest-views.tsx';

type Comparison = Awaited<ReturnType<typeof shadowComparison>>;

/** The shadow in force, the form to set or stop it (admins), and the comparison per day. */
export const ShadowPage: FC<{
  s: Signed;
  data: Comparison;
  candidates: RiskPolicyRow[];
  by: string | undefined;
  error?: string | undefined;
}> = ({ s, data, candidates, by, error }) => {
  const l = t(s.lang);
  const { shadow } = data;
  return (
    <>
      <p>
        {l(
          'シャドー評価中のポリシーは、実際の判定（適用中のポリシー）と同じ AReq・同じ履歴で採点され、結果だけが記録されます。回答には影響しません。シャドー評価できるポリシーは 1 つです。',
          'The policy in shadow scores the same AReqs on the same history as the policy in force; only its result is recorded, never answered. One policy at a time.',
        )}{' '}
        <a href={withLang(s.lang, '/console/risk/backtests')}>{l('バックテスト', 'Backtests')}</a>
      </p>
      <p id="shadow-status">
        {shadow
          ? l(
              `シャドー評価中: ${policyName(s.lang, shadow)}（${fmt(shadow.since)} から、${by ?? ''}）`,
              `In shadow: ${policyName(s.lang, shadow)} (since ${fmt(shadow.since)}, by ${by ?? ''})`,
            )
          : l('シャドー評価中のポリシーはありません。', 'No policy is in shadow.')}
      </p>
      {s.op.role === 'admin' && (
        <form method="post" action={withLang(s.lang, '/console/risk/shadow')} id="shadow-form">
          <Hidden csrf={s.csrf} />
          <div class="field">
            <label for="shadow-policy">{l('シャドー評価するポリシー', 'Policy to shadow')}</label>
            <select
              id="shadow-policy"
              name="policyId"
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={error ? 'shadow-policy-error' : undefined}
            >
              {candidates.map((p) => (
                <option value={p.id} selected={p.id === shadow?.id}>
                  {policyName(s.lang, p)}
                </option>
              ))}
            </select>
            <FieldError id="shadow-policy-error" text={error} />
          </div>
          <button type="submit" name="action" value="start" id="start-shadow">
            {l('シャドー評価を開始', 'Put in shadow')}
          </button>{' '}
          {shadow && (
            <button type="submit" name="action" value="stop" id="stop-shadow">
              {l('シャドー評価を終了', 'Stop the shadow')}
            </button>
          )}
        </form>
      )}
      <h2>{l(`日ごとの比較（直近 ${SHADOW_DAYS} 日）`, `Per day (last ${SHADOW_DAYS} days)`)}</h2>
      {data.days.length === 0 ? (
        <p>{l('シャドー評価された取引はまだありません。', 'No transaction scored in shadow yet.')}</p>
      ) : (
        <Scroll>
          <table id="shadow-days">
            <thead>
              <tr>
                <th scope="col">{l('日付', 'Day')}</th>
                <th scope="col">{l('件数', 'AReqs')}</th>
                <th scope="col">{l('一致', 'Agree')}</th>
                <th scope="col">{l('チャレンジなしになる', 'Would be frictionless')}</th>
                <th scope="col">{l('チャレンジになる', 'Would be challenged')}</th>
                <th scope="col">{l('拒否になる', 'Would be refused')}</th>
              </tr>
            </thead>
            <tbody>
              {data.days.map((d: ShadowDayRow) => (
                <tr>
                  <th scope="row">{d.day}</th>
                  <td class="num">{d.total}</td>
                  <td class="num">
                    {d.agree} ({rate(d.agree, d.total)})
                  </td>
                  <td class="num">{d.would_be_frictionless}</td>
                  <td class="num">{d.would_be_challenged}</td>
                  <td class="num">{d.would_be_refused}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      <h2>
        {l('不正利用の届出があった取引のうち、シャドーではチャレンジなし', 'Reported as fraud, frictionless in shadow')}
      </h2>
      {data.fraud.length === 0 ? (
        <p id="shadow-fraud-none">{l('ありません。', 'None.')}</p>
      ) : (
        <Scroll>
          <table id="shadow-fraud">
            <thead>
              <tr>
                <th scope="col">{l('取引', 'Transaction')}</th>
                <th scope="col">{l('シャドーのスコア', 'Shadow score')}</th>
                <th scope="col">{l('実際の回答', 'Answered')}</th>
                <th scope="col">{l('届出・調査', 'Report / case')}</th>
              </tr>
            </thead>
            <tbody>
              {data.fraud.map((x) => (
                <tr>
                  <td>
                    <a href={withLang(s.lang, `/console/transactions/${encodeURIComponent(x.acs_trans_id)}`)}>
                      {fmt(x.created_at)}
                    </a>
                  </td>
                  <td class="num">{x.risk_shadow_score ?? ''}</td>
                  <td>{decisionLabel(s.lang, x.risk_decision ?? 'challenge')}</td>
                  <td>{x.refs}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
    </>
  );
};
