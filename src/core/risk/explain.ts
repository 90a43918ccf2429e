import { RISK_RULE_LABELS } from './labels.ts';
import type { RiskOutcome, RiskRule } from './types.ts';

type Pair = readonly [ja: string, en: string];

/** What an explanation needs: the stored assessment and the thresholds of the policy it ran under. */
export interface RiskDecisionFacts {
  decision: RiskOutcome;
  score: number | null;
  rule: string | null;
  frictionlessBelow: number | null;
  refuseAtOrAbove: number | null;
}

const ruleOf = (rule: string | null): Pair | undefined =>
  rule !== null && Object.hasOwn(RISK_RULE_LABELS, rule) ? RISK_RULE_LABELS[rule as RiskRule] : undefined;

/**
 * One sentence answering "why was this purchase answered so?" (issue #20 item 6, terms art. 5-3 evidence): the rule
 * that decided, else the score against the policy's thresholds (docs/risk.md "Policies" gives the order).
 */
export function explainRiskDecision(f: RiskDecisionFacts): Pair {
  const rule = ruleOf(f.rule);
  const score = f.score === null ? undefined : String(f.score);
  if (f.decision === 'frictionless') {
    if (f.rule === 'exemption') {
      return [
        `加盟店の免除申請が発行者の上限内（スコア ${score ?? '—'}）だったため、チャレンジなしで認証しました。`,
        `Frictionless: the merchant asked for an exemption within the issuer's limits (score ${score ?? '—'}).`,
      ];
    }
    const below = f.frictionlessBelow === null ? '—' : String(f.frictionlessBelow);
    return [
      `スコア ${score ?? '—'} がポリシーの基準（${below} 未満はチャレンジなし）を下回ったため、チャレンジなしで認証しました。`,
      `Frictionless: the score ${score ?? '—'} is below the policy's frictionless threshold (${below}).`,
    ];
  }
  if (f.decision === 'refuse') {
    if (rule) return [`不正の疑いで拒否しました: ${rule[0]}。`, `Refused as suspected fraud: ${rule[1]}.`];
    const at = f.refuseAtOrAbove === null ? '—' : String(f.refuseAtOrAbove);
    return [
      `スコア ${score ?? '—'} がポリシーの拒否基準（${at} 以上）に達したため、不正の疑いで拒否しました。`,
      `Refused as suspected fraud: the score ${score ?? '—'} reached the policy's refusal threshold (${at}).`,
    ];
  }
  if (rule) return [`チャレンジしました: ${rule[0]}。`, `Challenged: ${rule[1]}.`];
  if (score === undefined) {
    return [
      'リスク判定ができなかったため、チャレンジしました（判定なしでチャレンジなしにはしません）。',
      'Challenged: the risk could not be assessed (never frictionless without an assessment).',
    ];
  }
  return [
    `スコア ${score} がチャレンジなしの基準（${f.frictionlessBelow ?? '—'} 未満）に届かなかったため、チャレンジしました。`,
    `Challenged: the score ${score} is not below the frictionless threshold (${f.frictionlessBelow ?? '—'}).`,
  ];
}

/** Stored reasons are [{signal, points}] (RiskReason); anything else is left out. */
export function storedReasons(value: unknown): { signal: string; points: number }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((r: unknown) =>
    typeof r === 'object' && r !== null && 'signal' in r && 'points' in r
      ? typeof r.signal === 'string' && typeof r.points === 'number'
        ? [{ signal: r.signal, points: r.points }]
        : []
      : [],
  );
}
