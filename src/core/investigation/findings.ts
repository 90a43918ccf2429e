import type { AnswerFact, ClauseResult, EvidenceFact } from './judgement.ts';
import type { ClauseId, Question } from './liability-clauses.ts';

/**
 * What each clause evaluator returns (judgement.ts), with the clause it is about: the result and the facts
 * it rested on, plain JSON so an evaluation can be stored as it was shown and read back unchanged.
 */
export type { ClauseResult, EvidenceFact, TransactionRef } from './judgement.ts';
export { combine, isoInstant, transactionRef } from './judgement.ts';
export type { Question } from './liability-clauses.ts';

/** A fact an evaluator used: from the gathered evidence, or an investigator's answer. */
export type UsedFact = EvidenceFact | AnswerFact<Question>;

export interface ClauseFinding {
  clause: ClauseId;
  result: ClauseResult;
  facts: UsedFact[];
}
