import { ServiceError } from '../../../core/errors.ts';
import type { CaseState } from '../../../storage/tables/investigations.ts';

export type { CaseState };

export const CASE_STATES: readonly CaseState[] = [
  'reported',
  'investigating',
  'awaiting_member',
  'proposed',
  'decided',
  'closed',
];

export function isCaseState(value: string): value is CaseState {
  return (CASE_STATES as readonly string[]).includes(value);
}

/**
 * The only moves a case may make (issue #8). `proposed` holds a recorded decision until it takes effect: at
 * once below the approval threshold, else when a second investigator approves (a rejection sends the case back
 * to `investigating`). A decided or closed case changes only by reopening, which keeps the old decision.
 */
export const CASE_TRANSITIONS: Readonly<Record<CaseState, readonly CaseState[]>> = {
  reported: ['investigating'],
  investigating: ['awaiting_member', 'proposed'],
  // terms art. 5-3-3: when the due date passes unanswered the investigator may decide on non-cooperation.
  awaiting_member: ['investigating', 'proposed'],
  proposed: ['decided', 'investigating'],
  decided: ['closed', 'investigating'],
  closed: ['investigating'],
};

export function canMove(from: CaseState, to: CaseState): boolean {
  return CASE_TRANSITIONS[from].includes(to);
}

/** States in which facts, evidence, findings and attachments may still change. */
export const EDITABLE_STATES: readonly CaseState[] = ['reported', 'investigating', 'awaiting_member'];

export function requireEditable(state: CaseState): void {
  if (state === 'closed') throw new ServiceError('conflict', 'the case is closed: reopen it to change it', 'state');
  if (!EDITABLE_STATES.includes(state))
    throw new ServiceError(
      'conflict',
      `the case is ${state}: reopen it (or reject the decision) to change it`,
      'state',
    );
}

export function requireMove(from: CaseState, to: CaseState): void {
  if (!canMove(from, to)) throw new ServiceError('conflict', `a ${from} case cannot become ${to}`, 'state');
}
