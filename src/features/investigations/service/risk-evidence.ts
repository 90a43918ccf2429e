import { storedReasons } from '../../../core/risk/explain.ts';
import type { RiskOutcome } from '../../../core/risk/types.ts';
import type { Executor } from '../../../storage/database.ts';
import { type AppliedPolicy, appliedPolicy } from '../../risk/applied-policy.ts';

/**
 * The risk decision of a disputed purchase (issue #20 item 6; terms art. 5-3: "why was this frictionless?"): the
 * decision, score and deciding rule as stored on the transaction, each signal with its points, and the policy it
 * ran under with its thresholds, copied when the evidence is gathered so a later policy change does not alter it.
 * Signals and points only: no cardholder data.
 */
export interface RiskEvidence {
  decision: RiskOutcome;
  score: number | null;
  rule: string | null;
  reasons: { signal: string; points: number }[];
  policy: AppliedPolicy;
}

interface RiskColumns {
  risk_decision: RiskOutcome | null;
  risk_score: number | null;
  risk_rule: string | null;
  risk_reasons: unknown;
  risk_policy_version: number | null;
}

/** Null for a purchase the risk step never assessed (the decision table answered it, or before issue #20). */
export async function riskEvidence(db: Executor, t: RiskColumns): Promise<RiskEvidence | null> {
  if (t.risk_decision === null) return null;
  return {
    decision: t.risk_decision,
    score: t.risk_score,
    rule: t.risk_rule,
    reasons: storedReasons(t.risk_reasons),
    policy: await appliedPolicy(db, t.risk_policy_version),
  };
}
