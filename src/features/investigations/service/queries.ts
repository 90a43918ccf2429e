import { ServiceError } from '../../../core/errors.ts';
import type { LiabilityEvaluation } from '../../../core/investigation/evaluate.ts';
import { evaluateLiability } from '../../../core/investigation/evaluate.ts';
import type { Executor } from '../../../storage/database.ts';
import { caseAttachments } from '../../../storage/repositories/case-attachments.ts';
import { cooperationRequests } from '../../../storage/repositories/case-cooperation.ts';
import { caseDecisions } from '../../../storage/repositories/case-decisions.ts';
import { caseContacts, caseNotes, caseTransactions, findingHistory } from '../../../storage/repositories/case-facts.ts';
import { activeInvestigators, memberContact, operatorName } from '../../../storage/repositories/case-reads.ts';
import { caseById, caseEvents, caseQueueRows, memberReferenceOfCase } from '../../../storage/repositories/cases.ts';
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
  /** What the member knows the case by (receipt FR-…, or INV-… for a case staff opened). */
  memberReference: string;
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
export async function caseQueue(db: Executor, filter: QueueFilter, now: Date): Promise<QueueRow[]> {
  const today = jstDate(now);
  const state = filter.state === 'open' ? 'open' : isCaseState(filter.state) ? filter.state : undefined;
  const rows = await caseQueueRows(db, { state, assignee: filter.assignee === '' ? undefined : filter.assignee });
  return rows
    .map((r): QueueRow => {
      const open = r.state !== 'closed' && r.state !== 'decided';
      const daysToDisputeEnd = r.window_end ? daysFrom(today, r.window_end) : null;
      return {
        id: r.id,
        reference: r.reference,
        memberReference: r.member_reference,
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

async function caseRow(db: Executor, caseId: string): Promise<InvestigationCaseRow> {
  const row = isCaseId(caseId) ? await caseById(db, caseId) : undefined;
  if (!row) throw new ServiceError('not_found', 'no such case');
  return row;
}

export interface CaseFile {
  row: InvestigationCaseRow;
  member: { name: string; email: string };
  assignee: string | null;
  transactions: Awaited<ReturnType<typeof caseTransactions>>;
  origins: OriginBasis[];
  evidence: EvidenceSnapshot | undefined;
  findings: Awaited<ReturnType<typeof currentFindings>>;
  findingHistory: { question: string; finding: string; note: string; recorded_by: string; recorded_at: Date }[];
  contacts: { id: string; kind: string; place: string; owner: string; shown: string; note: string; added_at: Date }[];
  notes: { kind: string; body: string; added_by: string; added_at: Date }[];
  cooperation: Awaited<ReturnType<typeof cooperationRequests>>;
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
  decisions: Awaited<ReturnType<typeof caseDecisions>>;
  evaluation: LiabilityEvaluation;
  total: DisputedTotal;
  approvalNeeded: boolean;
  investigators: { id: string; username: string }[];
  today: string;
  /** The reference the member knows (receipt FR-… or, for a case staff opened, INV-…); see cases.ts. */
  memberReference: string;
}

/** Everything the console's case page shows. The evaluation is the engine's on the facts as they are now. */
export async function caseFile(db: Executor, caseId: string, now: Date, thresholdJpy: number): Promise<CaseFile> {
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
    memberContact(db, row.enet_id),
    row.assignee_id ? operatorName(db, row.assignee_id) : undefined,
    caseTransactions(db, caseId),
    caseFactsOf(db, caseId, now),
    latestEvidence(db, caseId),
    currentFindings(db, caseId),
    findingHistory(db, caseId),
    caseContacts(db, caseId),
    caseNotes(db, caseId),
    cooperationRequests(db, caseId),
    caseAttachments(db, caseId),
    caseEvents(db, caseId),
    caseDecisions(db, caseId),
    activeInvestigators(db),
  ]);
  const memberReference = await memberReferenceOfCase(db, caseId);
  if (!member) throw new ServiceError('not_found', 'no such member');
  const total = disputedTotal(transactions);
  return {
    row,
    member,
    assignee: assignee ?? null,
    transactions,
    origins: facts.origins,
    evidence,
    findings,
    findingHistory: history,
    contacts: contacts.map(({ phone_mac: _mac, ...k }) => ({
      ...k,
      shown: k.kind === 'phone' ? (k.phone_masked ?? '') : (k.ip ?? ''),
    })),
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
    memberReference,
  };
}
