import { sql } from 'kysely';
import { newId } from '../../infra/ids.ts';
import type { Executor } from '../database.ts';
import type {
  CaseSource,
  CaseState,
  InvestigationCaseRow,
  InvestigationTransactionsTable,
} from '../tables/investigations.ts';

/**
 * Fraud investigation cases (terms art. 5-2, 5-3): the case row, its timeline and its disputed purchases as
 * opened. The rules (which moves are allowed, who may act) stay in src/features/investigations/service/.
 */

/** The case row, locked for the rest of the caller's transaction (every writer takes it first). */
export async function lockCaseRow(trx: Executor, caseId: string): Promise<InvestigationCaseRow | undefined> {
  return trx.selectFrom('investigation_cases').selectAll().where('id', '=', caseId).forUpdate().executeTakeFirst();
}

/** The case row, with the dispute window read as the calendar date it is. */
export async function caseById(db: Executor, caseId: string): Promise<InvestigationCaseRow | undefined> {
  const row = await db
    .selectFrom('investigation_cases')
    .selectAll()
    // A `date` column: pg hands back a local-midnight Date, PGlite a string; read it as the calendar date it is.
    .select(sql<string | null>`to_char(dispute_window_ends_on, 'YYYY-MM-DD')`.as('window_end'))
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { window_end, ...rest } = row;
  return { ...rest, dispute_window_ends_on: window_end };
}

export interface CaseEventRow {
  caseId: string;
  at: Date;
  actor: string;
  kind: string;
  from: CaseState | null;
  to: CaseState | null;
  detail: string | null;
}

export async function insertCaseEvent(trx: Executor, e: CaseEventRow): Promise<void> {
  await trx
    .insertInto('investigation_events')
    .values({
      id: newId('cev', e.at.getTime()),
      case_id: e.caseId,
      at: e.at,
      actor: e.actor,
      kind: e.kind,
      from_state: e.from,
      to_state: e.to,
      detail: e.detail,
    })
    .execute();
}

export async function caseEvents(db: Executor, caseId: string) {
  return db
    .selectFrom('investigation_events')
    .select(['at', 'actor', 'kind', 'from_state', 'to_state', 'detail'])
    .where('case_id', '=', caseId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Moves the case from `from` to `to` only if it is still in `from`; undefined when it changed meanwhile. */
export async function updateCaseState(
  trx: Executor,
  caseId: string,
  from: CaseState,
  to: CaseState,
  at: Date,
): Promise<InvestigationCaseRow | undefined> {
  return trx
    .updateTable('investigation_cases')
    .set({ state: to, updated_at: at, closed_at: to === 'closed' ? at : null })
    .where('id', '=', caseId)
    .where('state', '=', from)
    .returningAll()
    .executeTakeFirst();
}

export async function touchCaseRow(trx: Executor, caseId: string, at: Date): Promise<void> {
  await trx.updateTable('investigation_cases').set({ updated_at: at }).where('id', '=', caseId).execute();
}

export async function setCaseAssignee(trx: Executor, caseId: string, assigneeId: string, at: Date): Promise<void> {
  await trx
    .updateTable('investigation_cases')
    .set({ assignee_id: assigneeId, updated_at: at })
    .where('id', '=', caseId)
    .execute();
}

/** The next number of the case reference sequence. */
export async function nextCaseNumber(trx: Executor): Promise<number> {
  const seq = await sql<{ n: number }>`select nextval('investigation_case_number') as n`.execute(trx);
  return Number(seq.rows[0]?.n ?? 0);
}

export interface NewCaseRow {
  id: string;
  reference: string;
  enetId: string;
  source: CaseSource;
  fraudReportId: string | null;
  reportedAt: Date;
  summary: string;
  disputeWindowEndsOn: string | null;
  openedBy: string;
  at: Date;
}

export type NewCaseTransaction = Pick<
  InvestigationTransactionsTable,
  'id' | 'case_id' | 'acs_trans_id' | 'merchant_name' | 'amount' | 'currency' | 'exponent' | 'description'
> & { purchased_at: Date | null };

/** A new case in `reported`, with its disputed purchases. */
export async function insertCase(trx: Executor, c: NewCaseRow, purchases: NewCaseTransaction[]): Promise<void> {
  await trx
    .insertInto('investigation_cases')
    .values({
      id: c.id,
      reference: c.reference,
      enet_id: c.enetId,
      source: c.source,
      fraud_report_id: c.fraudReportId,
      state: 'reported',
      assignee_id: null,
      reported_at: c.reportedAt,
      summary: c.summary,
      dispute_window_ends_on: c.disputeWindowEndsOn,
      opened_by: c.openedBy,
      opened_at: c.at,
      updated_at: c.at,
      closed_at: null,
    })
    .execute();
  if (purchases.length > 0) await trx.insertInto('investigation_transactions').values(purchases).execute();
}

export interface CaseQueueQuery {
  /** One state, every state but `closed` (`open`), or any (undefined). */
  state: CaseState | 'open' | undefined;
  /** An operator id, `none` for unassigned, or anyone (undefined). */
  assignee: string | undefined;
}

/** The case queue rows, oldest first: member, assignee, dispute window end and the next cooperation due date. */
export async function caseQueueRows(db: Executor, query: CaseQueueQuery) {
  let q = db
    .selectFrom('investigation_cases as c')
    .innerJoin('members as m', 'm.enet_id', 'c.enet_id')
    .leftJoin('operators as o', 'o.id', 'c.assignee_id')
    .select([
      'c.id',
      'c.reference',
      memberReference('c').as('member_reference'),
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
  if (query.state === 'open') q = q.where('c.state', '<>', 'closed');
  else if (query.state !== undefined) q = q.where('c.state', '=', query.state);
  if (query.assignee === 'none') q = q.where('c.assignee_id', 'is', null);
  else if (query.assignee !== undefined) q = q.where('c.assignee_id', '=', query.assignee);
  return q.orderBy('c.opened_at').limit(500).execute();
}

/**
 * The reference the member knows (issue #18 item 12): the receipt's FR-… when a portal report opened the case,
 * else the case's own INV-… (a case staff opened: the member first reads it in our letter). INV-… of a reported
 * case is for staff only.
 */
function memberReference(caseAlias: string) {
  return sql<string>`coalesce((select r.reference from fraud_reports r where r.id = ${sql.ref(`${caseAlias}.fraud_report_id`)}), ${sql.ref(`${caseAlias}.reference`)})`;
}

/** A case's member reference, for the letters of that case. */
export async function memberReferenceOfCase(db: Executor, caseId: string): Promise<string> {
  const row = await db
    .selectFrom('investigation_cases as c')
    .select(memberReference('c').as('reference'))
    .where('c.id', '=', caseId)
    .executeTakeFirstOrThrow();
  return row.reference;
}

/** States in which the member can still answer a cooperation request (the portal form is open). */
const ANSWERABLE: CaseState[] = ['reported', 'investigating', 'awaiting_member'];

/**
 * terms art. 5-3-3: the member's unanswered cooperation requests on cases still under investigation, the
 * earliest due date first (the portal home and menu show them).
 */
export function openCooperationOfMember(db: Executor, enetId: string) {
  return db
    .selectFrom('investigation_cooperation as k')
    .innerJoin('investigation_cases as c', 'c.id', 'k.case_id')
    .select([
      'c.id as case_id',
      memberReference('c').as('reference'),
      sql<string>`to_char(k.due_on, 'YYYY-MM-DD')`.as('due_on'),
    ])
    .where('c.enet_id', '=', enetId)
    .where('k.answered_at', 'is', null)
    .where('c.state', 'in', ANSWERABLE)
    .orderBy('k.due_on')
    .limit(20)
    .execute();
}

/** A member's cases, newest report first, with the number of unanswered cooperation requests. */
export async function casesOfMember(db: Executor, enetId: string) {
  return db
    .selectFrom('investigation_cases as c')
    .select((eb) => [
      'c.id',
      memberReference('c').as('reference'),
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
}

/** One case of a member (never another member's). */
export async function caseOfMember(db: Executor, enetId: string, caseId: string) {
  return db
    .selectFrom('investigation_cases as c')
    .select(['c.id', memberReference('c').as('reference'), 'c.state', 'c.reported_at'])
    .where('c.id', '=', caseId)
    .where('c.enet_id', '=', enetId)
    .executeTakeFirst();
}

/** The case a portal fraud report opened. */
export async function caseOfFraudReport(db: Executor, enetId: string, reportId: string) {
  return db
    .selectFrom('investigation_cases as c')
    .select(['c.id', memberReference('c').as('reference'), 'c.state'])
    .where('c.fraud_report_id', '=', reportId)
    .where('c.enet_id', '=', enetId)
    .executeTakeFirst();
}
