import type { Executor } from '../database.ts';
import type { ApprovalState, InvestigationDecisionRow, InvestigationDecisionsTable } from '../tables/investigations.ts';

/**
 * Decisions on fraud cases (terms art. 5-3): the engine's evaluation as shown, the outcome, the texts, and
 * the four-eyes approval. Rows are never deleted: a reopened case marks its decisions superseded.
 */

/** The decision in force or waiting for approval: the newest one not superseded and not rejected. */
export async function currentDecisionRow(db: Executor, caseId: string): Promise<InvestigationDecisionRow | undefined> {
  return db
    .selectFrom('investigation_decisions')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('superseded_at', 'is', null)
    .where('approval_state', '<>', 'rejected')
    .orderBy('decided_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Every decision of the case, oldest first, with who decided and who approved. */
export async function caseDecisions(db: Executor, caseId: string) {
  return db
    .selectFrom('investigation_decisions as d')
    .innerJoin('operators as o', 'o.id', 'd.decided_by')
    .leftJoin('operators as a', 'a.id', 'd.approver_id')
    .selectAll('d')
    .select(['o.username as decided_by_name', 'a.username as approver_name'])
    .where('d.case_id', '=', caseId)
    .orderBy('d.decided_at')
    .execute();
}

/** The decision that took effect and is still in force, as the member reads it. */
export async function effectiveDecision(db: Executor, caseId: string) {
  return db
    .selectFrom('investigation_decisions')
    .select(['outcome', 'text_ja', 'text_en', 'effective_at'])
    .where('case_id', '=', caseId)
    .where('effective_at', 'is not', null)
    .where('superseded_at', 'is', null)
    .orderBy('effective_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface NewDecision {
  id: string;
  caseId: string;
  /** The engine's evaluation as it was shown (stored as JSON). */
  evaluation: unknown;
  proposalKind: InvestigationDecisionsTable['proposal_kind'];
  outcome: InvestigationDecisionsTable['outcome'];
  reasons: string;
  overrideReason: string | null;
  disputedTotal: string;
  approvalState: ApprovalState;
  decidedBy: string;
  decidedAt: Date;
  textJa: string;
  textEn: string;
}

export async function insertDecision(trx: Executor, d: NewDecision): Promise<void> {
  await trx
    .insertInto('investigation_decisions')
    .values({
      id: d.id,
      case_id: d.caseId,
      evaluation: JSON.stringify(d.evaluation),
      proposal_kind: d.proposalKind,
      outcome: d.outcome,
      reasons: d.reasons,
      override_reason: d.overrideReason,
      disputed_total: d.disputedTotal,
      approval_state: d.approvalState,
      decided_by: d.decidedBy,
      decided_at: d.decidedAt,
      text_ja: d.textJa,
      text_en: d.textEn,
    })
    .execute();
}

export async function markDecisionEffective(trx: Executor, decisionId: string, at: Date): Promise<void> {
  await trx
    .updateTable('investigation_decisions')
    .set({ effective_at: at, notified_at: at })
    .where('id', '=', decisionId)
    .execute();
}

/** The second investigator's verdict on a decision waiting for approval. */
export async function reviewDecisionRow(
  trx: Executor,
  decisionId: string,
  review: { verdict: 'approved' | 'rejected'; approverId: string; at: Date; note: string | null },
): Promise<void> {
  await trx
    .updateTable('investigation_decisions')
    .set({
      approval_state: review.verdict,
      approver_id: review.approverId,
      approved_at: review.at,
      approval_note: review.note,
    })
    .where('id', '=', decisionId)
    .execute();
}

/** Marks the case's decisions in force or pending as superseded; returns their ids. */
export async function supersedeDecisions(trx: Executor, caseId: string, at: Date, reason: string): Promise<string[]> {
  const rows = await trx
    .updateTable('investigation_decisions')
    .set({ superseded_at: at, superseded_reason: reason })
    .where('case_id', '=', caseId)
    .where('superseded_at', 'is', null)
    .where('approval_state', '<>', 'rejected')
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
