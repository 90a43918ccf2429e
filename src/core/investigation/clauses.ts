import {
  credentialsMishandled,
  deviceOrNetworkFault,
  falseStatement,
  objectiveMemberUse,
  usedByRelatedPerson,
} from './clause-answers.ts';
import { nonCooperation } from './clause-cooperation.ts';
import { deliveryOrOrigin, socialDisorder } from './clause-evidence.ts';
import { lateReport } from './clause-statement.ts';
import type { CaseFacts, ClauseId } from './facts.ts';
import type { ClauseFinding } from './findings.ts';

export type ClauseEvaluator = (facts: CaseFacts) => ClauseFinding;

/** One evaluator per exception of terms art. 5-3; `evaluateLiability` runs them in `CLAUSES` order. */
export const CLAUSE_EVALUATORS: Record<ClauseId, ClauseEvaluator> = {
  '5-3-1': credentialsMishandled,
  '5-3-2': usedByRelatedPerson,
  '5-3-3': nonCooperation,
  '5-3-4': falseStatement,
  '5-3-5': lateReport,
  '5-3-6': deliveryOrOrigin,
  '5-3-7': deviceOrNetworkFault,
  '5-3-8': socialDisorder,
  '5-3-9': objectiveMemberUse,
};
