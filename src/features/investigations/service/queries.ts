import { sql } from 'kysely';
import { ServiceError } from '../../../core/errors.ts';
import type { LiabilityEvaluation } from '../../../core/investigation/evaluate.ts';
import { evaluateLiability } from '../../../core/investigation/evaluate.ts';
import type { Db } from '../../../storage/database.ts';
import type { CaseState, InvestigationCaseRow } from '../../../storage/tables/investigations.ts';
import { jstDate } from '../../portal/service/time.ts';
import { type DisputedTotal, disputedTotal, needsApproval } from './amounts.ts';
import { caseFactsOf, currentFindings, type OriginBasis } from './case-facts.ts';
import { isCaseId } from './case-store.ts';
import { latestEvidence } from './evidence.ts';
import type { EvidenceSnapshot } from './evidence-types.ts';
import { isCaseState } from './states.ts';

const DAY_MS = 86_400_000;

/** Whole days from one JST date to another (negative when `to` is earlier). */
export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export interface QueueFilter {
  /** A state, `open` (anything not closed) or '' for all. */
  state: string;
  /** An operator id, `none`, or '' for anyone. */
  assignee: string;
  overdue: boolean;
}

export interface QueueRow {
  id: string;
  reference: string;
  enetId: string;
  memberName: string;
  source: string;
  state: CaseState;
  assignee: string | null;
  openedAt: Date;
  daysOpen: number;
  disputeWindowEndsOn: string | null;
  /** Negative once the network's dispute window has passed. */
  daysToDisputeEnd: number | null;
  nextCooperationDue: string | null;
  overdue: boolean;
}

/** The case queue (issue #8 §5): filters, ageing, the network's dispute window, cooperation due dates. */
export async function caseQueue(db: Db, filter: QueueFilter, now: Date): Promise<QueueRow[]> {
  const today = jstDate(now);
  let q = db
    .selectFrom('investigation_cases as c')
    .innerJoin('members as m', 'm.enet_id', 'c.enet_id')
    .leftJoin('operators as o', 'o.id', 'c.assignee_id')
    .select([
      'c.id',
      'c.reference',
      'c.enet_id',
      'm.name',
      'c.source',
      'c.state',
      'o.username',
      'c.opened_at',
      sql<string | null>`to_char(c.dispute_window_ends_on, 'YYYY-MM-DD')`.as('window_end'),
      sql<string | null>`(select to_char(min(k.due_on), 'YYYY-MM-DD') from investigation_cooperation k
        where k.case_id = c.id and k.answered_at is null)`.as('next_due'),
    ]);
  if (filter.state === 'open') q = q.where('c.state', '<>', 'closed');
  else if (isCaseState(filter.state)) q = q.where('c.state', '=', filter.state);
  if (filter.assignee === 'none') q = q.where('c.assignee_id', 'is', null);
  else if (filter.assignee !== '') q = q.where('c.assignee_id', '=', filter.assignee);
  const rows = await q.orderBy('c.opened_at').limit(500).execute();
  return rows
    .map((r): QueueRow => {
      const open = r.state !== 'closed' && r.state !== 'decided';
      const daysToDisputeEnd = r.window_end ? daysFrom(today, r.window_end) : null;
      return {
        id: r.id,
        reference: r.reference,
        enetId: r.enet_id,
        memberName: r.name,
        source: r.source,
        state: r.state,
        assignee: r.username,
        openedAt: new Date(r.opened_at),
        daysOpen: daysFrom(jstDate(new Date(r.opened_at)), today),
        disputeWindowEndsOn: r.window_end,
        daysToDisputeEnd,
        nextCooperationDue: r.next_due,
        overdue:
          open && ((daysToDisputeEnd !== null && daysToDisputeEnd < 0) || (r.next_due !== null && r.next_due < today)),
      };
    })
    .filter((r) => !filter.overdue || r.overdue);
}

export async function caseRow(db: Db, caseId: string): Promise<InvestigationCaseRow> {
  if (!isCaseId(caseId)) throw new ServiceError('not_found', 'no such case');
  const row = await db
    .selectFrom('investigation_cases')
    .selectAll()
    // A `date` column: pg hands back a local-midnight Date, PGlite a string; read it as the calendar date it is.
    .select(sql<string | null>`to_char(dispute_window_ends_on, 'YYYY-MM-DD')`.as('window_end'))
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!row) throw new ServiceError('not_found', 'no such case');
  return { ...row, dispute_window_ends_on: row.window_end };
}

export async function cooperationOf(db: Db, caseId: string) {
  return db
    .selectFrom('investigation_cooperation')
    .select([
      'id',
      'question',
      'asked_at',
      sql<string>`to_char(due_on, 'YYYY-MM-DD')`.as('due_on'),
      'answer',
      'answered_at',
    ])
    .where('case_id', '=', caseId)
    .orderBy('asked_at')
    .execute();
}

export interface CaseFile {
  row: InvestigationCaseRow;
  member: { name: string; email: string };
  assignee: string | null;
  transactions: Awaited<ReturnType<typeof transactionsOf>>;
  origins: OriginBasis[];
  evidence: EvidenceSnapshot | undefined;
  findings: Awaited<ReturnType<typeof currentFindings>>;
  findingHistory: { question: string; finding: string; note: string; recorded_by: string; recorded_at: Date }[];
  contacts: { id: string; kind: string; place: string; owner: string; shown: string; note: string; added_at: Date }[];
  notes: { kind: string; body: string; added_by: string; added_at: Date }[];
  cooperation: Awaited<ReturnType<typeof cooperationOf>>;
  attachments: {
    id: string;
    file_name: string;
    content_type: string;
    size: number;
    sha256: string;
    uploaded_at: Date;
  }[];
  events: {
    at: Date;
    actor: string;
    kind: string;
    from_state: string | null;
    to_state: string | null;
    detail: string | null;
  }[];
  decisions: Awaited<ReturnType<typeof decisionsOf>>;
  evaluation: LiabilityEvaluation;
  total: DisputedTotal;
  approvalNeeded: boolean;
  investigators: { id: string; username: string }[];
  today: string;
}

async function transactionsOf(db: Db, caseId: string) {
  return db
    .selectFrom('investigation_transactions as it')
    .leftJoin('transactions as t', 't.acs_trans_id', 'it.acs_trans_id')
    .select([
      'it.id',
      'it.acs_trans_id',
      'it.purchased_at',
      'it.merchant_name',
      'it.amount',
      'it.currency',
      'it.exponent',
      'it.description',
      'it.delivery_address',
      'it.delivery_note',
      'it.origin',
      'it.origin_note',
      'it.origin_phone_masked',
      't.browser_ip',
    ])
    .where('it.case_id', '=', caseId)
    .orderBy('it.purchased_at')
    .orderBy('it.id')
    .execute();
}

async function decisionsOf(db: Db, caseId: string) {
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

/** Everything the console's case page shows. The evaluation is the engine's on the facts as they are now. */
export async function caseFile(db: Db, caseId: string, now: Date, thresholdJpy: number): Promise<CaseFile> {
  const row = await caseRow(db, caseId);
  const [
    member,
    assignee,
    transactions,
    facts,
    evidence,
    findings,
    history,
    contacts,
    notes,
    cooperation,
    attachments,
    events,
    decisions,
    investigators,
  ] = await Promise.all([
    db.selectFrom('members').select(['name', 'email']).where('enet_id', '=', row.enet_id).executeTakeFirstOrThrow(),
    row.assignee_id
      ? db.selectFrom('operators').select('username').where('id', '=', row.assignee_id).executeTakeFirst()
      : undefined,
    transactionsOf(db, caseId),
    caseFactsOf(db, caseId, now),
    latestEvidence(db, caseId),
    currentFindings(db, caseId),
    db
      .selectFrom('investigation_findings')
      .select(['question', 'finding', 'note', 'recorded_by', 'recorded_at'])
      .where('case_id', '=', caseId)
      .orderBy('recorded_at')
      .execute(),
    db
      .selectFrom('investigation_contacts')
      .select(['id', 'kind', 'place', 'owner', 'ip', 'phone_masked', 'note', 'added_at'])
      .where('case_id', '=', caseId)
      .orderBy('added_at')
      .execute(),
    db
      .selectFrom('investigation_notes')
      .select(['kind', 'body', 'added_by', 'added_at'])
      .where('case_id', '=', caseId)
      .orderBy('added_at')
      .execute(),
    cooperationOf(db, caseId),
    db
      .selectFrom('investigation_attachments')
      .select(['id', 'file_name', 'content_type', 'size', 'sha256', 'uploaded_at'])
      .where('case_id', '=', caseId)
      .orderBy('uploaded_at')
      .execute(),
    db
      .selectFrom('investigation_events')
      .select(['at', 'actor', 'kind', 'from_state', 'to_state', 'detail'])
      .where('case_id', '=', caseId)
      .orderBy('at')
      .orderBy('id')
      .execute(),
    decisionsOf(db, caseId),
    db
      .selectFrom('operators')
      .select(['id', 'username'])
      .where('role', '=', 'investigator')
      .where('disabled_at', 'is', null)
      .orderBy('username')
      .execute(),
  ]);
  const total = disputedTotal(transactions);
  return {
    row,
    member,
    assignee: assignee?.username ?? null,
    transactions,
    origins: facts.origins,
    evidence,
    findings,
    findingHistory: history,
    contacts: contacts.map((k) => ({ ...k, shown: k.kind === 'phone' ? (k.phone_masked ?? '') : (k.ip ?? '') })),
    notes,
    cooperation,
    attachments,
    events,
    decisions,
    evaluation: evaluateLiability(facts.facts),
    total,
    approvalNeeded: needsApproval(total, thresholdJpy),
    investigators,
    today: jstDate(now),
  };
}
