import { sql } from 'kysely';
import type { CaseFacts, DisputedTransaction, Finding, Relation } from '../../../core/investigation/facts.ts';
import type { Db } from '../../../storage/database.ts';
import type { QuestionName } from '../../../storage/tables/investigations.ts';

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

type Answers = Record<QuestionName, { finding: Finding; note: string }>;

/** The newest answer per question; unanswered questions are `unknown`. */
export async function currentFindings(db: Db, caseId: string): Promise<Answers> {
  const rows = await db
    .selectFrom('investigation_findings')
    .select(['question', 'finding', 'note'])
    .where('case_id', '=', caseId)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
  const unknown = { finding: 'unknown' as const, note: '' };
  const answers: Answers = {
    credentialsMishandled: unknown,
    usedByRelatedPerson: unknown,
    falseStatement: unknown,
    deviceOrNetworkFault: unknown,
    objectiveMemberUse: unknown,
    memberAtFault: unknown,
  };
  for (const r of rows) answers[r.question] = { finding: r.finding, note: r.note };
  return answers;
}

/**
 * Maps what is stored about a case to the engine's input (src/core/investigation/facts.ts). The origin of a
 * purchase is the investigator's record when they made one; otherwise a browser IP or originating phone
 * number that matches a recorded home/work contact of the member or a related person; otherwise unknown.
 */
export async function caseFactsOf(db: Db, caseId: string, now: Date): Promise<CaseFactsResult> {
  const c = await db
    .selectFrom('investigation_cases')
    .select(['enet_id', 'reported_at'])
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  const [txns, contacts, notices, requests, periods, answers] = await Promise.all([
    db
      .selectFrom('investigation_transactions as it')
      .leftJoin('transactions as t', 't.acs_trans_id', 'it.acs_trans_id')
      .select([
        'it.id',
        'it.acs_trans_id',
        'it.purchased_at',
        'it.merchant_name',
        'it.delivery_address',
        'it.origin',
        'it.origin_phone_mac',
        't.browser_ip',
      ])
      .where('it.case_id', '=', caseId)
      .orderBy('it.purchased_at')
      .orderBy('it.id')
      .execute(),
    db
      .selectFrom('investigation_contacts')
      .select(['id', 'kind', 'owner', 'ip', 'phone_mac'])
      .where('case_id', '=', caseId)
      .execute(),
    db
      .selectFrom('statement_notices')
      .select([sql<string>`to_char(notice_date, 'YYYY-MM-DD')`.as('notice_date'), 'channel'])
      .where('enet_id', '=', c.enet_id)
      .execute(),
    db
      .selectFrom('investigation_cooperation')
      .select(['asked_at', sql<string>`to_char(due_on, 'YYYY-MM-DD')`.as('due_on'), 'answered_at'])
      .where('case_id', '=', caseId)
      .execute(),
    db
      .selectFrom('disaster_periods')
      .select(['name', 'starts_at', 'ends_at'])
      .where('withdrawn_at', 'is', null)
      .execute(),
    currentFindings(db, caseId),
  ]);
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
    };
  });
  const objective = answers.objectiveMemberUse;
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
      credentialsMishandled: answers.credentialsMishandled.finding,
      usedByRelatedPerson: answers.usedByRelatedPerson.finding,
      falseStatement: answers.falseStatement.finding,
      deviceOrNetworkFault: answers.deviceOrNetworkFault.finding,
      objectiveMemberUse: { finding: objective.finding, reason: objective.note === '' ? undefined : objective.note },
      memberAtFault: answers.memberAtFault.finding,
    },
  };
}
