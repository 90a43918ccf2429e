import { ServiceError } from '../../../core/errors.ts';
import { decisionText } from '../../../core/investigation/decision-text.ts';
import {
  evaluateLiability,
  type LiabilityEvaluation,
  type LiabilityOutcome,
} from '../../../core/investigation/evaluate.ts';
import { queueEmail } from '../../../infra/channels/email/job.ts';
import { newId } from '../../../infra/ids.ts';
import { type Executor, withTransaction } from '../../../storage/database.ts';
import {
  currentDecisionRow,
  insertDecision,
  markDecisionEffective,
  reviewDecisionRow,
  supersedeDecisions,
} from '../../../storage/repositories/case-decisions.ts';
import { caseAmounts } from '../../../storage/repositories/case-facts.ts';
import { memberContact } from '../../../storage/repositories/case-reads.ts';
import { memberReferenceOfCase } from '../../../storage/repositories/cases.ts';
import type { InvestigationCaseRow } from '../../../storage/tables/investigations.ts';
import { actorOf, type Principal } from '../../console/service/roles.ts';
import { disputedTotal, needsApproval } from './amounts.ts';
import { caseFactsOf } from './case-facts.ts';
import { auditCase, type InvestigationDeps, lockCase, moveCase, requireInvestigator } from './case-store.ts';
import { decisionEmail } from './letters.ts';

const REASON_MAX = 4000;

function writtenText(value: string, field: string, label: string): string {
  const t = value.trim();
  if (t === '' || [...t].length > REASON_MAX)
    throw new ServiceError('invalid', `${label} (up to ${REASON_MAX} characters) is required`, field);
  return t;
}

/** The engine's evaluation of a case as it stands now (the console's clause-by-clause table). */
export async function evaluateCase(db: Executor, caseId: string, now: Date): Promise<LiabilityEvaluation> {
  return evaluateLiability((await caseFactsOf(db, caseId, now)).facts);
}

/** The decision takes effect: the case is decided and the member is told by email (the portal shows it too). */
async function takeEffect(
  deps: InvestigationDeps,
  trx: Executor,
  row: InvestigationCaseRow,
  decision: { id: string; textJa: string; outcome: LiabilityOutcome },
  actor: string,
  at: Date,
): Promise<void> {
  await moveCase(trx, row, 'decided', { at, actor, kind: 'decided', detail: decision.outcome });
  const member = await memberContact(trx, row.enet_id);
  if (!member) throw new ServiceError('not_found', 'no such member');
  await queueEmail(trx, {
    to: member.email,
    ...decisionEmail(
      deps.config,
      member.name,
      { id: row.id, reference: await memberReferenceOfCase(trx, row.id) },
      decision.textJa,
    ),
    at,
  });
  await markDecisionEffective(trx, decision.id, at);
}

export interface DecisionInput {
  outcome: string;
  reasons: string;
  overrideReason: string;
}

/**
 * Records the investigator's decision on a case (issue #8 §4). It departs from the engine's proposal (or is
 * taken while the proposal is blocked) only with a written override reason. Over FRAUD_APPROVAL_THRESHOLD_JPY
 * (or in another currency) it waits in `proposed` for a second investigator; otherwise it takes effect now.
 */
export async function recordDecision(
  deps: InvestigationDeps,
  by: Principal,
  caseId: string,
  input: DecisionInput,
): Promise<{ decisionId: string; approval: 'pending' | 'not_required' }> {
  requireInvestigator(by);
  if (input.outcome !== 'waived' && input.outcome !== 'not_waived')
    throw new ServiceError('invalid', 'outcome must be waived or not_waived', 'outcome');
  const outcome: LiabilityOutcome = input.outcome;
  const reasons = writtenText(input.reasons, 'reasons', 'the reasons');
  const at = deps.clock.now();
  const actor = actorOf(by);
  const decisionId = newId('dec', at.getTime());
  const result = await withTransaction(deps.db, async (trx) => {
    const row = await lockCase(trx, caseId);
    if (row.state !== 'investigating' && row.state !== 'awaiting_member')
      throw new ServiceError('conflict', `a ${row.state} case cannot take a decision now`, 'state');
    const evaluation = evaluateLiability((await caseFactsOf(trx, caseId, at)).facts);
    const override = evaluation.proposal.kind !== outcome;
    const overrideReason = override
      ? writtenText(input.overrideReason, 'overrideReason', 'a written override reason')
      : null;
    const total = disputedTotal(await caseAmounts(trx, caseId));
    const approval = needsApproval(total, deps.config.FRAUD_APPROVAL_THRESHOLD_JPY) ? 'pending' : 'not_required';
    const textJa = decisionText(evaluation, outcome, 'ja', overrideReason ?? undefined);
    const textEn = decisionText(evaluation, outcome, 'en', overrideReason ?? undefined);
    await insertDecision(trx, {
      id: decisionId,
      caseId,
      evaluation,
      proposalKind: evaluation.proposal.kind,
      outcome,
      reasons,
      overrideReason,
      disputedTotal: total.label,
      approvalState: approval,
      decidedBy: by.id,
      decidedAt: at,
      textJa,
      textEn,
    });
    const proposed = await moveCase(trx, row, 'proposed', {
      at,
      actor,
      kind: 'decision_recorded',
      detail: `${outcome}${override ? ' (override)' : ''}, ${total.label}, approval ${approval}`,
    });
    await auditCase(trx, {
      actor,
      action: 'decision_recorded',
      caseId,
      at,
      reason: overrideReason,
      after: { decisionId, outcome, proposal: evaluation.proposal, override, disputedTotal: total.label, approval },
    });
    if (approval === 'not_required')
      await takeEffect(deps, trx, proposed, { id: decisionId, textJa, outcome }, actor, at);
    return approval;
  });
  deps.kick();
  return { decisionId, approval: result };
}

/** A second investigator approves or rejects a decision waiting for approval; never the one who made it. */
export async function reviewDecision(
  deps: InvestigationDeps,
  by: Principal,
  caseId: string,
  input: { verdict: string; note: string },
): Promise<void> {
  requireInvestigator(by);
  if (input.verdict !== 'approved' && input.verdict !== 'rejected')
    throw new ServiceError('invalid', 'verdict must be approved or rejected', 'verdict');
  const verdict = input.verdict;
  const note = input.note.trim();
  if (verdict === 'rejected' && note === '')
    throw new ServiceError('invalid', 'say why the decision is rejected', 'note');
  const at = deps.clock.now();
  const actor = actorOf(by);
  await withTransaction(deps.db, async (trx) => {
    const row = await lockCase(trx, caseId);
    const decision = await currentDecisionRow(trx, caseId);
    if (row.state !== 'proposed' || decision?.approval_state !== 'pending')
      throw new ServiceError('conflict', 'no decision is waiting for approval', 'state');
    if (decision.decided_by === by.id)
      throw new ServiceError('forbidden', 'a second investigator must approve: not the one who made the decision');
    await reviewDecisionRow(trx, decision.id, { verdict, approverId: by.id, at, note: note || null });
    await auditCase(trx, {
      actor,
      action: `decision_${verdict}`,
      caseId,
      at,
      reason: note || null,
      after: { decisionId: decision.id },
    });
    if (verdict === 'approved')
      await takeEffect(
        deps,
        trx,
        row,
        { id: decision.id, textJa: decision.text_ja, outcome: decision.outcome },
        actor,
        at,
      );
    else await moveCase(trx, row, 'investigating', { at, actor, kind: 'decision_rejected', detail: note });
  });
  deps.kick();
}

/** A decided case is closed: from then on nothing about it changes (the database refuses it too). */
export async function closeCase(deps: InvestigationDeps, by: Principal, caseId: string, note: string): Promise<void> {
  requireInvestigator(by);
  const at = deps.clock.now();
  const actor = actorOf(by);
  await withTransaction(deps.db, async (trx) => {
    const row = await lockCase(trx, caseId);
    if (row.state !== 'decided') throw new ServiceError('conflict', `a ${row.state} case cannot be closed`, 'state');
    await auditCase(trx, { actor, action: 'closed', caseId, at, reason: note.trim() || null });
    await moveCase(trx, row, 'closed', { at, actor, kind: 'closed', detail: note.trim() || undefined });
  });
}

/**
 * Corrections to a decided or closed case go through reopening, with a reason: the decision in force is kept
 * in history, marked superseded, and the case is investigated again.
 */
export async function reopenCase(
  deps: InvestigationDeps,
  by: Principal,
  caseId: string,
  reason: string,
): Promise<void> {
  requireInvestigator(by);
  const why = writtenText(reason, 'reason', 'a reason for reopening');
  const at = deps.clock.now();
  const actor = actorOf(by);
  await withTransaction(deps.db, async (trx) => {
    const row = await lockCase(trx, caseId);
    if (row.state !== 'decided' && row.state !== 'closed')
      throw new ServiceError('conflict', `a ${row.state} case is not decided: nothing to reopen`, 'state');
    await moveCase(trx, row, 'investigating', { at, actor, kind: 'reopened', detail: why });
    const superseded = await supersedeDecisions(trx, caseId, at, why);
    await auditCase(trx, {
      actor,
      action: 'reopened',
      caseId,
      at,
      reason: why,
      before: { state: row.state },
      after: { state: 'investigating', supersededDecisions: superseded },
    });
  });
}
