import type { Executor } from '../../../storage/database.ts';
import { cooperationRequests } from '../../../storage/repositories/case-cooperation.ts';
import { effectiveDecision } from '../../../storage/repositories/case-decisions.ts';
import { caseTransactions } from '../../../storage/repositories/case-facts.ts';
import {
  caseOfFraudReport,
  caseOfMember,
  casesOfMember,
  openCooperationOfMember,
} from '../../../storage/repositories/cases.ts';
import type { CaseState } from '../../../storage/tables/investigations.ts';
import { isCaseId } from './case-store.ts';

/**
 * What the member sees of their fraud cases in the portal (issue #8 §5): the status, the cooperation requests
 * to answer, and the decision once it has taken effect. Never another member's case, never internal notes.
 */
export interface MemberCaseSummary {
  id: string;
  reference: string;
  state: CaseState;
  reportedAt: Date;
  openRequests: number;
}

export async function memberCases(db: Executor, enetId: string): Promise<MemberCaseSummary[]> {
  const rows = await casesOfMember(db, enetId);
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    state: r.state,
    reportedAt: new Date(r.reported_at),
    openRequests: Number(r.open_requests ?? 0),
  }));
}

export interface MemberCase extends MemberCaseSummary {
  transactions: {
    merchantName: string | null;
    at: Date | null;
    amount: string | null;
    currency: string | null;
    exponent: string | null;
  }[];
  cooperation: { id: string; question: string; dueOn: string; answer: string | null; answeredAt: Date | null }[];
  decision: { outcome: 'waived' | 'not_waived'; ja: string; en: string; effectiveAt: Date } | undefined;
}

export async function memberCase(db: Executor, enetId: string, caseId: string): Promise<MemberCase | undefined> {
  if (!isCaseId(caseId)) return undefined;
  const c = await caseOfMember(db, enetId, caseId);
  if (!c) return undefined;
  const [txns, cooperation, decision] = await Promise.all([
    caseTransactions(db, caseId),
    cooperationRequests(db, caseId),
    effectiveDecision(db, caseId),
  ]);
  return {
    id: c.id,
    reference: c.reference,
    state: c.state,
    reportedAt: new Date(c.reported_at),
    openRequests: cooperation.filter((k) => k.answered_at === null).length,
    transactions: txns.map((t) => ({
      merchantName: t.merchant_name,
      at: t.purchased_at ? new Date(t.purchased_at) : null,
      amount: t.amount,
      currency: t.currency,
      exponent: t.exponent,
    })),
    cooperation: cooperation.map((k) => ({
      id: k.id,
      question: k.question,
      dueOn: k.due_on,
      answer: k.answer,
      answeredAt: k.answered_at ? new Date(k.answered_at) : null,
    })),
    decision:
      decision?.effective_at != null
        ? {
            outcome: decision.outcome,
            ja: decision.text_ja,
            en: decision.text_en,
            effectiveAt: new Date(decision.effective_at),
          }
        : undefined,
  };
}

/** The case a portal fraud report opened, for its receipt page. */
export async function caseOfReport(
  db: Executor,
  enetId: string,
  reportId: string,
): Promise<{ id: string; reference: string; state: CaseState } | undefined> {
  return caseOfFraudReport(db, enetId, reportId);
}

/** An unanswered cooperation request (terms art. 5-3-3): which case, by the member's reference, and its due date. */
export interface OpenCooperation {
  caseId: string;
  reference: string;
  /** A Japan-time calendar date, `YYYY-MM-DD`: answers are accepted through the end of that day. */
  dueOn: string;
}

/** The member's open cooperation requests, earliest due first (portal home and menu). */
export async function openCooperation(db: Executor, enetId: string): Promise<OpenCooperation[]> {
  const rows = await openCooperationOfMember(db, enetId);
  return rows.map((r) => ({ caseId: r.case_id, reference: r.reference, dueOn: r.due_on }));
}
