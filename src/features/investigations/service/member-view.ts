import type { Db } from '../../../storage/database.ts';
import type { CaseState } from '../../../storage/tables/investigations.ts';
import { isCaseId } from './case-store.ts';
import { cooperationOf } from './queries.ts';

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

export async function memberCases(db: Db, enetId: string): Promise<MemberCaseSummary[]> {
  const rows = await db
    .selectFrom('investigation_cases as c')
    .select((eb) => [
      'c.id',
      'c.reference',
      'c.state',
      'c.reported_at',
      eb
        .selectFrom('investigation_cooperation as k')
        .select((k) => k.fn.countAll<number>().as('n'))
        .whereRef('k.case_id', '=', 'c.id')
        .where('k.answered_at', 'is', null)
        .as('open_requests'),
    ])
    .where('c.enet_id', '=', enetId)
    .orderBy('c.reported_at', 'desc')
    .limit(100)
    .execute();
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

export async function memberCase(db: Db, enetId: string, caseId: string): Promise<MemberCase | undefined> {
  if (!isCaseId(caseId)) return undefined;
  const c = await db
    .selectFrom('investigation_cases')
    .select(['id', 'reference', 'state', 'reported_at'])
    .where('id', '=', caseId)
    .where('enet_id', '=', enetId)
    .executeTakeFirst();
  if (!c) return undefined;
  const [txns, cooperation, decision] = await Promise.all([
    db
      .selectFrom('investigation_transactions')
      .select(['merchant_name', 'purchased_at', 'amount', 'currency', 'exponent'])
      .where('case_id', '=', caseId)
      .orderBy('purchased_at')
      .orderBy('id')
      .execute(),
    cooperationOf(db, caseId),
    db
      .selectFrom('investigation_decisions')
      .select(['outcome', 'text_ja', 'text_en', 'effective_at'])
      .where('case_id', '=', caseId)
      .where('effective_at', 'is not', null)
      .where('superseded_at', 'is', null)
      .orderBy('effective_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
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
  db: Db,
  enetId: string,
  reportId: string,
): Promise<{ id: string; reference: string; state: CaseState } | undefined> {
  return db
    .selectFrom('investigation_cases')
    .select(['id', 'reference', 'state'])
    .where('fraud_report_id', '=', reportId)
    .where('enet_id', '=', enetId)
    .executeTakeFirst();
}
