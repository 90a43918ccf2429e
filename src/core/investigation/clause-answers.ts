import type { CaseFacts, ClauseId, Finding } from './facts.ts';
import type { ClauseFinding, ClauseResult, Question } from './findings.ts';

/**
 * The exceptions an investigator answers directly (terms art. 5-3-1, -2, -4, -7, -9): the engine only
 * maps the answer; `unknown` leaves the clause undetermined and so blocks a proposal.
 */

const RESULT: Record<Finding, ClauseResult> = {
  yes: 'applies',
  no: 'does_not_apply',
  unknown: 'undetermined',
};

function answered(clause: ClauseId, question: Exclude<Question, 'objectiveMemberUse' | 'memberAtFault'>) {
  return (facts: CaseFacts): ClauseFinding => {
    const value = facts[question];
    return { clause, result: RESULT[value], facts: [{ name: 'finding', question, value }] };
  };
}

/** Art. 5-3-1: credentials let to a third party, disclosed, leaked, or not kept with due care. */
export const credentialsMishandled = answered('5-3-1', 'credentialsMishandled');
/** Art. 5-3-2: used by the member, family, household or another related person, intent or not. */
export const usedByRelatedPerson = answered('5-3-2', 'usedByRelatedPerson');
/** Art. 5-3-4: the member's report to the investigation is untrue. */
export const falseStatement = answered('5-3-4', 'falseStatement');
/** Art. 5-3-7: the member's phone failed or was misoperated, or communication failed. */
export const deviceOrNetworkFault = answered('5-3-7', 'deviceOrNetworkFault');

/**
 * Art. 5-3-9: otherwise judged, on objective facts, to be the member's own use. A catch-all exception
 * must be reasoned: `yes` without a written reason is not yet a finding.
 */
export function objectiveMemberUse(facts: CaseFacts): ClauseFinding {
  const { finding, reason } = facts.objectiveMemberUse;
  const clause = '5-3-9';
  const asked = { name: 'finding', question: 'objectiveMemberUse', value: finding } as const;
  if (finding !== 'yes') return { clause, result: RESULT[finding], facts: [asked] };
  const written = reason?.trim() ?? '';
  if (written === '') return { clause, result: 'undetermined', facts: [asked, { name: 'objective_reason_missing' }] };
  return { clause, result: 'applies', facts: [asked, { name: 'objective_reason', reason: written }] };
}
