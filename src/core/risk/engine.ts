import { riskReasons } from './signals.ts';
import type { RiskAReq, RiskAssessment, RiskHistory, RiskPolicy, RiskReason, RiskRule } from './types.ts';

/**
 * The risk decision for an AReq the decision table (src/core/decision.ts) would challenge: pure, no I/O, a few
 * microseconds (src/core/risk/engine.test.ts measures it). The score is always computed, also under the
 * challenge-everything policy, so the console and a later backtest can show what a risk policy would have done.
 */
export function assessRisk(areq: RiskAReq, history: RiskHistory, policy: RiskPolicy): RiskAssessment {
  const reasons = riskReasons(areq, history);
  const score = clampScore(reasons);
  const outcome = (decision: RiskAssessment['decision'], rule?: RiskRule): RiskAssessment => ({
    score,
    decision,
    ...(decision === 'refuse' && { transStatusReason: '11' as const }),
    ...(rule && { rule }),
    reasons,
  });
  if (policy.mode === 'challenge_all') return outcome('challenge', 'challenge_all');
  if (isCardTesting(history, policy)) return outcome('refuse', 'card_testing');
  if (score >= policy.refuseAtOrAbove) return outcome('refuse');
  // From here on nothing is refused: the rules only decide between a challenge and no challenge.
  if (areq.challengeIndicators.includes('04') || areq.challengeIndicators.includes('03')) {
    return outcome('challenge', 'requestor_mandate');
  }
  const sincePhone = history.hoursSincePhoneChange;
  if (sincePhone !== undefined && sincePhone < policy.phoneChangeCooldownHours) {
    return outcome('challenge', 'phone_cooldown');
  }
  if (policy.challengeNewDevice && history.authenticatedOnDevice === 0) return outcome('challenge', 'new_device');
  if (overAmountLimit(areq, policy.maxFrictionlessYen)) return outcome('challenge', 'amount_limit');
  if (score < policy.frictionlessBelow) return outcome('frictionless');
  if (score < policy.exemptions.maxScore && exemptionApplies(areq, policy)) return outcome('frictionless', 'exemption');
  return outcome('challenge');
}

function clampScore(reasons: readonly RiskReason[]): number {
  let sum = 0;
  for (const r of reasons) sum += r.points;
  return Math.max(0, Math.min(100, sum));
}

function isCardTesting(history: RiskHistory, policy: RiskPolicy): boolean {
  const limits = policy.cardTesting;
  return (
    history.cardAReqsLastHour >= limits.cardAReqsPerHour ||
    history.cardsOnDeviceLastHour >= limits.cardsPerDevicePerHour ||
    history.cardsFromIpRangeLastHour >= limits.cardsPerIpRangePerHour
  );
}

/** A purchase in another currency has no yen amount to hold against the limit: never frictionless. */
function overAmountLimit(areq: RiskAReq, limitYen: number): boolean {
  if (areq.amountYen === undefined) return areq.foreignCurrency;
  return areq.amountYen > limitYen;
}

/**
 * threeDSRequestorChallengeInd asking for no challenge: 05 (TRA already performed) up to the TRA limit; 02, 07, 08
 * and 10 (low value, 2.3.1) up to the low-value limit. The issuer's limits always win over the requestor's wish.
 */
function exemptionApplies(areq: RiskAReq, policy: RiskPolicy): boolean {
  const yen = areq.amountYen;
  if (yen === undefined) return false;
  const asked = areq.challengeIndicators;
  if (asked.includes('05') && yen <= policy.exemptions.traUpToYen) return true;
  return ['02', '07', '08', '10'].some((c) => asked.includes(c)) && yen <= policy.exemptions.lowValueUpToYen;
}
