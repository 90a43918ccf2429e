/**
 * The facts a fraud investigation (terms art. 5-3) decides on: what the liability engine reads. Gathered
 * evidence (evidence.ts) and investigators' answers to the declared questions (liability-clauses.ts) are
 * mapped to this shape by the case services; the engine never reads storage.
 */
export type {
  CaseEvidence,
  CooperationRequest,
  DisasterPeriod,
  DisputedTransaction,
  Finding,
  Relation,
  StatementNotice,
} from './evidence.ts';
export type { CaseAnswers, CaseFacts, ClauseId } from './liability-clauses.ts';
export { CLAUSES } from './liability-clauses.ts';
