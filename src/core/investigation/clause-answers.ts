import type { Finding } from './evidence.ts';
import type { AnswerFact, ClauseResult, Judgement } from './judgement.ts';

/**
 * The exceptions an investigator answers directly (terms art. 5-3-1, -2, -4, -7, -9): the engine only
 * maps the answer; `unknown` leaves the clause undetermined and so blocks a proposal.
 */

const RESULT: Record<Finding, ClauseResult> = {
  yes: 'applies',
  no: 'does_not_apply',
  unknown: 'undetermined',
};

/** A yes/no question: yes applies, no does not, unknown is undetermined. */
export function answered<Q extends string>(question: Q) {
  return (facts: Readonly<Record<Q, Finding>>): Judgement<AnswerFact<Q>> => {
    const value = facts[question];
    return { result: RESULT[value], facts: [{ name: 'finding', question, value }] };
  };
}

/** An investigator's finding that must carry a written reason when it is `yes` (art. 5-3-9). */
export interface ReasonedFinding {
  finding: Finding;
  reason: string | undefined;
}

/**
 * A catch-all question (art. 5-3-9, otherwise judged on objective facts to be the member's own use) must be
 * reasoned: `yes` without a written reason is not yet a finding.
 */
export function reasoned<Q extends string>(question: Q) {
  return (facts: Readonly<Record<Q, ReasonedFinding>>): Judgement<AnswerFact<Q>> => {
    const { finding, reason } = facts[question];
    const asked = { name: 'finding', question, value: finding } as const;
    if (finding !== 'yes') return { result: RESULT[finding], facts: [asked] };
    const written = reason?.trim() ?? '';
    if (written === '') return { result: 'undetermined', facts: [asked, { name: 'objective_reason_missing' }] };
    return { result: 'applies', facts: [asked, { name: 'objective_reason', reason: written }] };
  };
}
