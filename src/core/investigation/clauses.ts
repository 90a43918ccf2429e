import { answered, reasoned } from './clause-answers.ts';
import type { ClauseFinding, UsedFact } from './findings.ts';
import type { Judgement } from './judgement.ts';
import { type CaseFacts, type ClauseId, type DeclaredClause, LIABILITY_CLAUSES } from './liability-clauses.ts';
import { passkeyFacts } from './passkey-weight.ts';

export type ClauseEvaluator = (facts: CaseFacts) => ClauseFinding;

/** What a declared clause is judged by: its evidence evaluator, or the investigator's answer. */
function judgementOf(clause: DeclaredClause): (facts: CaseFacts) => Judgement<UsedFact> {
  switch (clause.answer) {
    case 'evidence':
      return clause.evaluate;
    case 'finding':
      return answered(clause.question.name);
    case 'reasoned':
      return reasoned(clause.question.name);
  }
}

/** One evaluator per exception of terms art. 5-3 (liability-clauses.ts); `evaluateLiability` runs them in order. */
export const CLAUSE_EVALUATORS = Object.fromEntries(
  LIABILITY_CLAUSES.map((clause): [ClauseId, ClauseEvaluator] => {
    const judge = judgementOf(clause);
    return [
      clause.id,
      (facts) => {
        const judged = judge(facts);
        return {
          clause: clause.id,
          result: judged.result,
          facts: [...judged.facts, ...passkeyFacts(clause.id, facts)],
        };
      },
    ];
  }),
) as Record<ClauseId, ClauseEvaluator>;
