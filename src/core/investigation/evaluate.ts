import { CLAUSE_EVALUATORS } from './clauses.ts';
import type { Finding } from './evidence.ts';
import type { ClauseFinding } from './findings.ts';
import { type CaseFacts, CLAUSES, type ClauseId } from './liability-clauses.ts';

/**
 * What the rules propose (issue #8): waived only if the member is found not at fault and no exception of
 * terms art. 5-3 applies; any undetermined exception, or an open question of fault, blocks a proposal
 * until an investigator resolves it.
 */
export type LiabilityProposal =
  | { kind: 'blocked'; undetermined: ClauseId[]; memberAtFaultUnknown: boolean }
  | { kind: 'not_waived'; clauses: ClauseId[]; memberAtFault: boolean }
  | { kind: 'waived' };

/** The final decision on a case; it may differ from the proposal when an investigator overrides it. */
export type LiabilityOutcome = 'waived' | 'not_waived';

export interface LiabilityEvaluation {
  /** The exceptions of art. 5-3 in the order of the terms (liability-clauses.ts). */
  findings: ClauseFinding[];
  /** Art. 5-3 main text: `no` = found not at fault. */
  memberAtFault: Finding;
  proposal: LiabilityProposal;
}

export function evaluateLiability(facts: CaseFacts): LiabilityEvaluation {
  const findings = CLAUSES.map((clause) => CLAUSE_EVALUATORS[clause](facts));
  return { findings, memberAtFault: facts.memberAtFault, proposal: propose(findings, facts.memberAtFault) };
}

function propose(findings: readonly ClauseFinding[], memberAtFault: Finding): LiabilityProposal {
  const withResult = (result: ClauseFinding['result']) =>
    findings.filter((f) => f.result === result).map((f) => f.clause);
  const undetermined = withResult('undetermined');
  if (undetermined.length > 0 || memberAtFault === 'unknown') {
    return { kind: 'blocked', undetermined, memberAtFaultUnknown: memberAtFault === 'unknown' };
  }
  const applying = withResult('applies');
  if (applying.length > 0 || memberAtFault === 'yes') {
    return { kind: 'not_waived', clauses: applying, memberAtFault: memberAtFault === 'yes' };
  }
  return { kind: 'waived' };
}
