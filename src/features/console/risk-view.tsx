import type { Lang } from '../../core/i18n.ts';
import { labelOf } from '../../core/labels.ts';
import { explainRiskDecision, storedReasons } from '../../core/risk/explain.ts';
import { RISK_DECISION_LABELS, RISK_RULE_LABELS, RISK_SIGNAL_LABELS } from '../../core/risk/labels.ts';
import type { RiskOutcome } from '../../core/risk/types.ts';
import type { AppliedPolicy } from '../risk/applied-policy.ts';
import { Scroll, t } from './layout.tsx';

interface RiskColumns {
  risk_score: number | null;
  risk_decision: string | null;
  risk_rule: string | null;
  risk_reasons: unknown;
  risk_policy_version: number | null;
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** Each signal of an assessment in words with what it added to the score; nothing when none fired. */
export function RiskReasons({
  reasons,
  lang,
  id,
}: {
  reasons: readonly { signal: string; points: number }[];
  lang: Lang;
  id?: string;
}) {
  const l = t(lang);
  if (reasons.length === 0) return null;
  return (
    <Scroll>
      <table id={id} class="risk-reasons">
        <thead>
          <tr>
            <th scope="col">{l('シグナル', 'Signal')}</th>
            <th scope="col">{l('点数', 'Points')}</th>
          </tr>
        </thead>
        <tbody>
          {reasons.map((r) => (
            <tr>
              <td>{labelOf(RISK_SIGNAL_LABELS, r.signal, lang)}</td>
              <td class="num">{signed(r.points)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

const OUTCOMES: readonly string[] = ['frictionless', 'challenge', 'refuse'] satisfies RiskOutcome[];

/**
 * Why the ACS answered as it did (issue #20 item 6): the risk decision in one sentence when the policy it ran under
 * is given (src/core/risk/explain.ts), the rule that decided it if any, and each signal with what it added to the
 * score. Nothing here is cardholder data: signals and points only.
 */
export function RiskExplanation({ x, lang, policy }: { x: RiskColumns; lang: Lang; policy?: AppliedPolicy }) {
  const l = t(lang);
  if (x.risk_decision === null) return null;
  const reasons = storedReasons(x.risk_reasons);
  const why =
    policy && OUTCOMES.includes(x.risk_decision)
      ? explainRiskDecision({
          decision: x.risk_decision as RiskOutcome,
          score: x.risk_score,
          rule: x.risk_rule,
          frictionlessBelow: policy.frictionlessBelow,
          refuseAtOrAbove: policy.refuseAtOrAbove,
        })
      : undefined;
  return (
    <section id="risk" aria-labelledby="risk-heading">
      <h2 id="risk-heading">{l('リスク判定', 'Risk assessment')}</h2>
      {why && <p id="risk-why">{l(why[0], why[1])}</p>}
      <p>
        <span id="risk-decision">{labelOf(RISK_DECISION_LABELS, x.risk_decision, lang)}</span>
        {x.risk_score !== null ? ` — ${l('スコア', 'score')} ${x.risk_score} / 100` : ''}
        {x.risk_rule ? ` — ${l('決め手', 'decided by')}: ${labelOf(RISK_RULE_LABELS, x.risk_rule, lang)}` : ''}
        {x.risk_policy_version !== null ? ` (${l('ポリシー', 'policy')} v${x.risk_policy_version})` : ''}
      </p>
      <RiskReasons reasons={reasons} lang={lang} id="risk-reasons" />
    </section>
  );
}
