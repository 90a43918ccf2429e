import { ServiceError } from '../../../core/errors.ts';
import type { CaseFacts, DisputedTransaction, Finding, Relation } from '../../../core/investigation/facts.ts';
import { caseAnswers, perQuestion, type Question } from '../../../core/investigation/liability-clauses.ts';
import type { Executor } from '../../../storage/database.ts';
import { cooperationRequests } from '../../../storage/repositories/case-cooperation.ts';
import { statementNotices } from '../../../storage/repositories/case-evidence.ts';
import { caseContacts, caseTransactions, findingHistory } from '../../../storage/repositories/case-facts.ts';
import { caseById } from '../../../storage/repositories/cases.ts';
import { disasterPeriodsInForce } from '../../../storage/repositories/disaster-periods.ts';
import { passkeyApprovals } from '../../../storage/repositories/passkeys.ts';

/** How a purchase's origin was judged (art. 5-3-6): recorded by the investigator, or matched to a known contact. */
export interface OriginBasis {
  transactionId: string;
  recorded: Relation;
  matched: { relation: Relation; by: 'ip' | 'phone'; contactId: string } | undefined;
}

export interface CaseFactsResult {
  facts: CaseFacts;
  origins: OriginBasis[];
}

type Answers = Record<Question, { finding: Finding; note: string }>;

/** The newest answer per question; unanswered questions are `unknown`. */
export async function currentFindings(db: Executor, caseId: string): Promise<Answers> {
  const newest = new Map<Question, { finding: Finding; note: string }>();
  // Oldest first: a later answer replaces an earlier one.
  for (const r of await findingHistory(db, caseId)) newest.set(r.question, { finding: r.finding, note: r.note });
  return perQuestion((q) => newest.get(q) ?? { finding: 'unknown', note: '' });
}

/**
 * Maps what is stored about a case to the engine's input (src/core/investigation/facts.ts). The origin of a
 * purchase is the investigator's record when they made one; otherwise a browser IP or originating phone
 * number that matches a recorded home/work contact of the member or a related person; otherwise unknown.
 */
export async function caseFactsOf(db: Executor, caseId: string, now: Date): Promise<CaseFactsResult> {
  const c = await caseById(db, caseId);
  if (!c) throw new ServiceError('not_found', 'no such case');
  const [txns, contacts, notices, requests, periods, answers] = await Promise.all([
    caseTransactions(db, caseId),
    caseContacts(db, caseId),
    statementNotices(db, c.enet_id),
    cooperationRequests(db, caseId),
    disasterPeriodsInForce(db),
    currentFindings(db, caseId),
  ]);
  const approvals = await passkeyApprovals(
    db,
    txns.flatMap((t) => (t.acs_trans_id ? [t.acs_trans_id] : [])),
  );
  const origins: OriginBasis[] = [];
  const transactions = txns.map((t): DisputedTransaction => {
    const hit =
      contacts.find((k) => k.kind === 'ip' && t.browser_ip !== null && k.ip === t.browser_ip) ??
      contacts.find((k) => k.kind === 'phone' && t.origin_phone_mac !== null && k.phone_mac === t.origin_phone_mac);
    const matched = hit ? { relation: hit.owner, by: hit.kind, contactId: hit.id } : undefined;
    origins.push({ transactionId: t.id, recorded: t.origin, matched });
    return {
      acsTransId: t.acs_trans_id ?? t.id,
      at: t.purchased_at ? new Date(t.purchased_at) : undefined,
      merchantName: t.merchant_name ?? undefined,
      deliveryAddress: t.delivery_address,
      origin: t.origin !== 'unknown' ? t.origin : (matched?.relation ?? 'unknown'),
      passkeyApproval: approvalOf(approvals.find((a) => a.acs_trans_id === t.acs_trans_id)),
    };
  });
  return {
    origins,
    facts: {
      reportedAt: new Date(c.reported_at),
      now,
      transactions,
      statementNotices: notices.map((n) => ({ noticeDate: n.notice_date, channel: n.channel })),
      cooperationRequests: requests.map((r) => ({
        askedAt: new Date(r.asked_at),
        dueOn: r.due_on,
        answeredAt: r.answered_at ? new Date(r.answered_at) : undefined,
      })),
      disasterPeriods: periods.map((p) => ({
        name: p.name,
        startsAt: new Date(p.starts_at),
        endsAt: new Date(p.ends_at),
      })),
      ...caseAnswers(answers),
    },
  };
}

function approvalOf(row: Awaited<ReturnType<typeof passkeyApprovals>>[number] | undefined) {
  if (!row?.approved_at) return undefined;
  return { name: row.name, registeredAt: new Date(row.created_at), approvedAt: new Date(row.approved_at) };
}
