import { labelOf } from '../../../core/labels.ts';
import { explainRiskDecision } from '../../../core/risk/explain.ts';
import { RISK_DECISION_LABELS, RISK_RULE_LABELS } from '../../../core/risk/labels.ts';
import type { Signed } from '../../console/guard.tsx';
import { Scroll } from '../../console/layout.tsx';
import { RiskReasons } from '../../console/risk-view.tsx';
import type { RiskEvidence } from '../service/risk-evidence.ts';
import { tl } from './parts.tsx';

/**
 * "Why was this frictionless?" (terms art. 5-3, issue #20 item 6): the risk decision of a disputed purchase as the
 * evidence snapshot holds it, in words: one sentence, the policy, and each signal with its points.
 */
export function RiskEvidenceView({ s, risk, id }: { s: Signed; risk: RiskEvidence; id: string }) {
  const l = tl(s);
  const [ja, en] = explainRiskDecision({
    decision: risk.decision,
    score: risk.score,
    rule: risk.rule,
    frictionlessBelow: risk.policy.frictionlessBelow,
    refuseAtOrAbove: risk.policy.refuseAtOrAbove,
  });
  const p = risk.policy;
  const policyName = (s.lang === 'en' ? p.nameEn : p.name) ?? '';
  return (
    <div class="risk-evidence" id={`risk-${id}`}>
      <h4>{l('リスク判定（なぜこの応答か）', 'Risk decision (why this answer)')}</h4>
      <p class="risk-why">{l(ja, en)}</p>
      <Scroll>
        <table>
          <tbody>
            <tr>
              <th>{l('判定', 'Decision')}</th>
              <td>{labelOf(RISK_DECISION_LABELS, risk.decision, s.lang)}</td>
            </tr>
            <tr>
              <th>{l('スコア', 'Score')}</th>
              <td>{risk.score === null ? '—' : `${risk.score} / 100`}</td>
            </tr>
            <tr>
              <th>{l('決め手のルール', 'Deciding rule')}</th>
              <td>{risk.rule ? labelOf(RISK_RULE_LABELS, risk.rule, s.lang) : l('スコアによる', 'The score')}</td>
            </tr>
            <tr>
              <th>{l('ポリシー', 'Policy')}</th>
              <td>
                {p.version === 0
                  ? l('適用なし（すべての取引で認証）', 'None applied (challenge every purchase)')
                  : `v${p.version} ${policyName}`}
              </td>
            </tr>
          </tbody>
        </table>
      </Scroll>
      <RiskReasons reasons={risk.reasons} lang={s.lang} />
    </div>
  );
}
