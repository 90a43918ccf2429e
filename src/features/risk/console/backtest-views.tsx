import type { FC } from 'hono/jsx';
import type { Lang } from '../../../core/i18n.ts';
import { RISK_DECISION_LABELS, RISK_RULE_LABELS } from '../../../core/risk/labels.ts';
import type { RiskOutcome } from '../../../core/risk/types.ts';
import type { CaseState } from '../../../storage/tables/investigations.ts';
import type { RiskPolicyRow } from '../../../storage/tables/risk.ts';
import type { RiskBacktestRow } from '../../../storage/tables/risk-backtest.ts';
import type { Signed } from '../../console/guard.tsx';
import { withLang } from '../../console/http.ts';
import { FieldError, fmt, Hidden, Scroll, t } from '../../console/layout.tsx';
import { PROPOSAL_LABEL, STATE_LABEL } from '../../investigations/console/parts.tsx';
import {
  BACKTEST_FRAUD_LISTED,
  BACKTEST_MAX_AREQS,
  BACKTEST_MAX_DAYS,
  BACKTEST_MAX_HISTORY_ROWS,
  type BacktestFigures,
  type OutcomeCounts,
} from '../backtest.ts';

const OUTCOMES: readonly RiskOutcome[] = ['frictionless', 'challenge', 'refuse'];

export const pick = (lang: Lang, pair: readonly [string, string] | undefined, fallback: string) =>
  pair ? (lang === 'en' ? pair[1] : pair[0]) : fallback;

export const decisionLabel = (lang: Lang, d: string | null) =>
  pick(lang, d ? RISK_DECISION_LABELS[d as RiskOutcome] : undefined, lang === 'en' ? 'Not scored' : '判定なし');

export function policyName(lang: Lang, p: Pick<RiskPolicyRow, 'version' | 'name' | 'name_en'>): string {
  return `v${p.version} ${lang === 'en' ? p.name_en : p.name}`;
}

export function rate(n: number, total: number): string {
  return total === 0 ? '—' : `${((100 * n) / total).toFixed(1)} %`;
}

const total = (c: OutcomeCounts) => c.frictionless + c.challenge + c.refuse;

export interface BacktestFormState {
  policyId?: string;
  days?: string;
  errors?: Partial<Record<'policyId' | 'days', string>>;
}

/** The run form (admins) and the latest runs. */
export const BacktestList: FC<{
  s: Signed;
  policies: RiskPolicyRow[];
  runs: Array<Omit<RiskBacktestRow, 'figures'>>;
  form: BacktestFormState;
}> = ({ s, policies, runs, form }) => {
  const l = t(s.lang);
  const byId = new Map(policies.map((p) => [p.id, p]));
  const err = form.errors ?? {};
  return (
    <>
      <p>
        {l(
          `記録済みの AReq（発行者の判定表でチャレンジとなる取引）を、選んだポリシーで再判定し、実際の回答と比べます。1 回の実行で再判定するのは新しい順に最大 ${BACKTEST_MAX_AREQS.toLocaleString('ja-JP')} 件、履歴はその前 90 日分を最大 ${BACKTEST_MAX_HISTORY_ROWS.toLocaleString('ja-JP')} 件まで読みます。`,
          `Replays recorded AReqs (those the issuer's decision table challenges) under the chosen policy and compares with what was answered. One run replays at most the newest ${BACKTEST_MAX_AREQS.toLocaleString('en')} and reads at most ${BACKTEST_MAX_HISTORY_ROWS.toLocaleString('en')} history rows from the 90 days before them.`,
        )}{' '}
        <a href={withLang(s.lang, '/console/risk/shadow')}>{l('シャドー評価', 'Shadow mode')}</a>
      </p>
      {s.op.role === 'admin' && (
        <form method="post" action={withLang(s.lang, '/console/risk/backtests')} id="backtest-form">
          <Hidden csrf={s.csrf} />
          <div class="field">
            <label for="bt-policy">{l('ポリシー', 'Policy')}</label>
            <select
              id="bt-policy"
              name="policyId"
              required
              aria-invalid={err.policyId ? 'true' : undefined}
              aria-describedby={err.policyId ? 'bt-policy-error' : undefined}
            >
              {policies.map((p) => (
                <option value={p.id} selected={p.id === form.policyId}>
                  {policyName(s.lang, p)}
                </option>
              ))}
            </select>
            <FieldError id="bt-policy-error" text={err.policyId} />
          </div>
          <div class="field">
            <label for="bt-days">
              {l(`対象期間（日数、1〜${BACKTEST_MAX_DAYS}）`, `Days back (1–${BACKTEST_MAX_DAYS})`)}
            </label>
            <input
              id="bt-days"
              name="days"
              type="number"
              inputmode="numeric"
              min="1"
              max={String(BACKTEST_MAX_DAYS)}
              required
              value={form.days ?? '30'}
              aria-invalid={err.days ? 'true' : undefined}
              aria-describedby={err.days ? 'bt-days-error' : undefined}
            />
            <FieldError id="bt-days-error" text={err.days} />
          </div>
          <button type="submit" id="run-backtest">
            {l('バックテストを実行', 'Run the backtest')}
          </button>
        </form>
      )}
      <h2>{l('実行結果', 'Runs')}</h2>
      {runs.length === 0 ? (
        <p>{l('まだ実行されていません。', 'No run yet.')}</p>
      ) : (
        <Scroll>
          <table id="backtest-runs">
            <thead>
              <tr>
                <th scope="col">{l('実行日時', 'Run at')}</th>
                <th scope="col">{l('ポリシー', 'Policy')}</th>
                <th scope="col">{l('日数', 'Days')}</th>
                <th scope="col">{l('再判定した件数', 'Replayed')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => {
                const p = byId.get(r.policy_id);
                return (
                  <tr>
                    <td>
                      <a href={withLang(s.lang, `/console/risk/backtests/${encodeURIComponent(r.id)}`)}>
                        {fmt(r.run_at)}
                      </a>
                    </td>
                    <td>{p ? policyName(s.lang, p) : `v${r.policy_version}`}</td>
                    <td class="num">{r.days}</td>
                    <td class="num">
                      {r.replayed.toLocaleString('ja-JP')}
                      {r.capped ? l('（上限）', ' (cap)') : ''}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Scroll>
      )}
    </>
  );
};

/** One run's figures: the draft against what was answered, the moves, and the fraud it would have let through. */
export const BacktestResult: FC<{ s: Signed; run: RiskBacktestRow; policy: RiskPolicyRow | undefined; by: string }> = ({
  s,
  run,
  policy,
  by,
}) => {
  const l = t(s.lang);
  const f = run.figures as BacktestFigures;
  const n = total(f.draft);
  const fraud = total(f.fraudReported);
  return (
    <>
      <dl class="figures" id="backtest-summary">
        <dt>{l('ポリシー', 'Policy')}</dt>
        <dd>{policy ? policyName(s.lang, policy) : `v${run.policy_version}`}</dd>
        <dt>{l('対象期間', 'Period')}</dt>
        <dd>
          {fmt(run.from_at)} – {fmt(run.to_at)}
        </dd>
        <dt>{l('実行', 'Run by')}</dt>
        <dd>
          {by} {fmt(run.run_at)}
        </dd>
        <dt>{l('再判定した件数', 'AReqs replayed')}</dt>
        <dd id="backtest-replayed">{run.replayed.toLocaleString('ja-JP')}</dd>
      </dl>
      {run.capped && (
        <p class="notice" role="note">
          {l(
            `件数が上限（${BACKTEST_MAX_AREQS.toLocaleString('ja-JP')} 件）に達したため、新しい取引だけを再判定しました（期間の始まりは上の通り）。`,
            `The cap (${BACKTEST_MAX_AREQS.toLocaleString('en')}) was reached: only the newest were replayed (the period starts as shown above).`,
          )}
        </p>
      )}
      {f.historyCapped && (
        <p class="notice" role="note">
          {l(
            `履歴が上限（${BACKTEST_MAX_HISTORY_ROWS.toLocaleString('ja-JP')} 件）を超えたため、古い履歴を読んでいません。`,
            `The history exceeded its cap (${BACKTEST_MAX_HISTORY_ROWS.toLocaleString('en')} rows): the oldest was not read.`,
          )}
        </p>
      )}
      <h2>{l('判定の内訳', 'Decisions')}</h2>
      <Scroll>
        <table id="backtest-figures">
          <thead>
            <tr>
              <th scope="col">{l('判定', 'Decision')}</th>
              <th scope="col">{l('このポリシー', 'This policy')}</th>
              <th scope="col">{l('割合', 'Rate')}</th>
              <th scope="col">{l('実際の回答', 'Answered')}</th>
              <th scope="col">{l('割合', 'Rate')}</th>
            </tr>
          </thead>
          <tbody>
            {OUTCOMES.map((o) => (
              <tr id={`backtest-${o}`}>
                <th scope="row">{decisionLabel(s.lang, o)}</th>
                <td class="num">{f.draft[o]}</td>
                <td class="num">{rate(f.draft[o], n)}</td>
                <td class="num">{f.actual[o]}</td>
                <td class="num">{rate(f.actual[o], n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <h2>{l('実際の回答からの変化', 'Changes from what was answered')}</h2>
      <Scroll>
        <table id="backtest-moves">
          <thead>
            <tr>
              <th scope="col">{l('実際の回答 ＼ このポリシー', 'Answered \\ this policy')}</th>
              {OUTCOMES.map((o) => (
                <th scope="col">{decisionLabel(s.lang, o)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {OUTCOMES.map((a) => (
              <tr>
                <th scope="row">{decisionLabel(s.lang, a)}</th>
                {OUTCOMES.map((d) => (
                  <td class="num">{f.moves[a][d]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <h2>{l('不正利用の届出があった取引', 'Transactions later reported as fraud')}</h2>
      <p id="backtest-fraud">
        {l(
          `届出・調査の対象となった取引 ${fraud} 件のうち、このポリシーではチャレンジなしで通す取引: ${f.fraudReported.frictionless} 件（チャレンジ ${f.fraudReported.challenge} 件、拒否 ${f.fraudReported.refuse} 件）。`,
          `Of ${fraud} transactions reported as fraud or disputed in an investigation, this policy would let ${f.fraudReported.frictionless} through without a challenge (challenge ${f.fraudReported.challenge}, refuse ${f.fraudReported.refuse}).`,
        )}
        {f.fraudReported.frictionless > f.fraudLetThrough.length &&
          l(`最初の ${BACKTEST_FRAUD_LISTED} 件を表示します。`, ` The first ${BACKTEST_FRAUD_LISTED} are listed.`)}
      </p>
      {f.fraudLetThrough.length > 0 && (
        <Scroll>
          <table id="backtest-fraud-through">
            <thead>
              <tr>
                <th scope="col">{l('取引', 'Transaction')}</th>
                <th scope="col">{l('スコア', 'Score')}</th>
                <th scope="col">{l('ルール', 'Rule')}</th>
                <th scope="col">{l('実際の回答', 'Answered')}</th>
                <th scope="col">{l('届出・調査', 'Report / case')}</th>
              </tr>
            </thead>
            <tbody>
              {f.fraudLetThrough.map((x) => (
                <tr>
                  <td>
                    <a href={withLang(s.lang, `/console/transactions/${encodeURIComponent(x.acsTransID)}`)}>
                      {fmt(x.at)}
                    </a>
                  </td>
                  <td class="num">{x.score}</td>
                  <td>{x.rule ? pick(s.lang, RISK_RULE_LABELS[x.rule], '') : l('スコア', 'Score')}</td>
                  <td>{decisionLabel(s.lang, x.actual)}</td>
                  <td>{x.reports.map((r) => reportText(s.lang, r)).join(s.lang === 'en' ? '; ' : '、')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
    </>
  );
};

function reportText(lang: Lang, r: BacktestFigures['fraudLetThrough'][number]['reports'][number]): string {
  const l = t(lang);
  if (r.source === 'report') return `${l('届出', 'Report')} ${r.reference}`;
  const state = r.case_state ? STATE_LABEL[r.case_state as CaseState] : undefined;
  const outcome = r.outcome ? PROPOSAL_LABEL[r.outcome] : undefined;
  const words = [state, outcome].filter((w) => w !== undefined).map((w) => (lang === 'en' ? w.en : w.ja));
  return `${l('調査', 'Case')} ${r.reference}${words.length > 0 ? ` (${words.join(', ')})` : ''}`;
}
