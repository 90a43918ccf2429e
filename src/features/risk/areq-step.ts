import type { ServiceDeps } from '../../app/deps.ts';
import type { Decision } from '../../core/decision.ts';
import { assessRisk } from '../../core/risk/engine.ts';
import type { RiskAReq, RiskAssessment } from '../../core/risk/types.ts';
import type { Metrics } from '../../infra/metrics.ts';
import type { JsonObject } from '../../protocol/json.ts';
import type { RiskLookupKeys } from '../../storage/repositories/auth-lookup.ts';
import type { RiskHistoryRow } from '../../storage/repositories/risk-history.ts';
import type { NewTransaction } from '../../storage/schema.ts';
import { riskFacts } from './facts.ts';
import { RISK_HISTORY_DAYS, riskHistoryOf } from './history.ts';
import type { ActiveRiskPolicy, PolicyInForce } from './policy.ts';

export interface RiskStepDeps extends ServiceDeps {
  riskPolicy: ActiveRiskPolicy;
  metrics: Pick<Metrics, 'riskDecisions' | 'riskReasons' | 'riskShadowDecisions'>;
}

/**
 * What the AReq brings to the risk step before its card is looked up: its facts (keyed MACs), the policy and the
 * shadow in force as it arrived, and, when either needs the card's history, the keys the card lookup reads it with
 * (storage/repositories/auth-lookup.ts: one statement for the card and its history).
 */
export interface RiskRead {
  facts: RiskAReq;
  at: Date;
  inForce: PolicyInForce;
  shadow: PolicyInForce | undefined;
  /** Absent under challenge-everything without a shadow: the card lookup stays as it was, without history. */
  history: RiskLookupKeys | undefined;
}

/** What the AReq path takes from the risk step: the decision to answer with and the columns to store. */
export interface RiskStep {
  decision: Decision;
  assessment: RiskAssessment | undefined;
  columns: Pick<
    NewTransaction,
    | 'risk_device_mac'
    | 'risk_ip_range_mac'
    | 'risk_merchant_mac'
    | 'risk_amount_yen'
    | 'risk_language'
    | 'risk_score'
    | 'risk_decision'
    | 'risk_rule'
    | 'risk_reasons'
    | 'risk_policy_version'
    | 'risk_shadow_decision'
    | 'risk_shadow_score'
    | 'risk_shadow_rule'
    | 'risk_shadow_policy_version'
  >;
}

/** The AReq's facts and, under a risk policy or a shadow, the history keys its card lookup reads with the card. */
export function riskRead(deps: RiskStepDeps, areq: JsonObject, at: Date): RiskRead {
  const facts = riskFacts(deps.keys, areq, at);
  const inForce = deps.riskPolicy.current();
  // the draft in shadow, if any: scored on the same history read, never deciding (docs/risk.md "Shadow mode")
  const shadow = deps.riskPolicy.shadow();
  const history =
    inForce.policy.mode === 'challenge_all' && !shadow
      ? undefined
      : {
          deviceMac: facts.deviceMac ?? null,
          ipRangeMac: facts.ipRangeMac ?? null,
          merchantMac: facts.merchantMac ?? null,
          at,
          windowDays: RISK_HISTORY_DAYS,
        };
  return { facts, at, inForce, shadow, history };
}

/**
 * Risk-based authentication on the AReq path (issue #20, docs/risk.md). Called for a known card; only an AReq
 * the decision table would challenge is scored. The facts (keyed MACs) are stored with every AReq so the card's
 * habits build up even while the challenge-everything policy is in force. Under that policy nothing more
 * happens; under a risk policy the history the card lookup read with the card is scored, and the engine may answer
 * Y (frictionless) or N/11 (refuse). A card found without its history (that statement failed and the card was
 * looked up alone) falls back to the challenge: never frictionless blind. A policy in shadow is scored on the same
 * history and only recorded; under challenge-everything the history is read for it only while a shadow is set.
 */
export function riskStep(
  deps: RiskStepDeps,
  read: RiskRead,
  card: { history?: RiskHistoryRow },
  tableDecision: Decision,
): RiskStep {
  const { facts, inForce, shadow } = read;
  const { version, policy } = inForce;
  const columns: RiskStep['columns'] = {
    risk_device_mac: facts.deviceMac ?? null,
    risk_ip_range_mac: facts.ipRangeMac ?? null,
    risk_merchant_mac: facts.merchantMac ?? null,
    risk_amount_yen: facts.amountYen ?? null,
    risk_language: facts.language ?? null,
    risk_policy_version: version,
  };
  if (tableDecision.kind !== 'challenge') return { decision: tableDecision, assessment: undefined, columns };
  const challengeAll: RiskStep['columns'] = { ...columns, risk_decision: 'challenge', risk_rule: 'challenge_all' };
  if (policy.mode === 'challenge_all' && !shadow) {
    return { decision: tableDecision, assessment: undefined, columns: challengeAll };
  }
  if (!card.history) {
    deps.logger.warn('risk history unavailable; challenging');
    const fallback =
      policy.mode === 'challenge_all' ? challengeAll : { ...columns, risk_decision: 'challenge' as const };
    return { decision: tableDecision, assessment: undefined, columns: fallback };
  }
  const history = riskHistoryOf(card.history, read.at);
  const shadowed = shadow && { inForce: shadow, assessment: assessRisk(facts, history, shadow.policy) };
  const shadowColumns = shadowed ? shadowColumnsOf(shadowed.assessment, shadowed.inForce) : {};
  const assessment = policy.mode === 'challenge_all' ? undefined : assessRisk(facts, history, policy);
  if (shadowed) {
    const live = assessment?.decision ?? 'challenge';
    deps.metrics.riskShadowDecisions.inc({ decision: shadowed.assessment.decision, live });
  }
  if (!assessment) {
    return { decision: tableDecision, assessment: undefined, columns: { ...challengeAll, ...shadowColumns } };
  }
  deps.metrics.riskDecisions.inc({ decision: assessment.decision, rule: assessment.rule ?? 'score' });
  for (const r of assessment.reasons) {
    if (r.signal !== 'base') deps.metrics.riskReasons.inc({ decision: assessment.decision, signal: r.signal });
  }
  return {
    decision: decisionFor(assessment, tableDecision),
    assessment,
    columns: {
      ...columns,
      risk_score: assessment.score,
      risk_decision: assessment.decision,
      risk_rule: assessment.rule ?? null,
      risk_reasons: JSON.stringify(assessment.reasons),
      ...shadowColumns,
    },
  };
}

/** The shadow's assessment as stored: decision, score, rule and version; its reasons are not kept. */
function shadowColumnsOf(a: RiskAssessment, shadow: PolicyInForce): Partial<RiskStep['columns']> {
  return {
    risk_shadow_decision: a.decision,
    risk_shadow_score: a.score,
    risk_shadow_rule: a.rule ?? null,
    risk_shadow_policy_version: shadow.version,
  };
}

function decisionFor(assessment: RiskAssessment, tableDecision: Decision): Decision {
  switch (assessment.decision) {
    case 'frictionless':
      return { kind: 'frictionless' };
    case 'refuse':
      return { kind: 'reject', transStatus: 'N', reason: '11', why: 'suspected_fraud' };
    case 'challenge':
      return tableDecision;
  }
}
