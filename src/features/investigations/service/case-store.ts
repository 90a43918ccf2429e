import type { ServiceDeps } from '../../../app/deps.ts';
import { ServiceError } from '../../../core/errors.ts';
import { type Executor, withTransaction } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import { insertCaseEvent, lockCaseRow, touchCaseRow, updateCaseState } from '../../../storage/repositories/cases.ts';
import type { CaseState, InvestigationCaseRow } from '../../../storage/tables/investigations.ts';
import { actorOf, type Principal } from '../../console/service/roles.ts';
import { requireEditable, requireMove } from './states.ts';

/** What the case services need: the usual service deps and a way to wake the job worker after queuing email. */
export interface InvestigationDeps extends ServiceDeps {
  kick(): void;
}

const CASE_ID = /^case_[0-9a-z]{26}$/;

export function isCaseId(value: string): boolean {
  return CASE_ID.test(value);
}

/** Investigators act on cases; everyone else may at most read them (console access table). */
export function requireInvestigator(by: Principal): void {
  if (by.role !== 'investigator') throw new ServiceError('forbidden', 'only investigators act on fraud cases');
}

/** Locks the case row for the rest of the caller's transaction (every writer takes it first). */
export async function lockCase(trx: Executor, caseId: string): Promise<InvestigationCaseRow> {
  if (!isCaseId(caseId)) throw new ServiceError('not_found', 'no such case');
  const row = await lockCaseRow(trx, caseId);
  if (!row) throw new ServiceError('not_found', 'no such case');
  return row;
}

export interface CaseEvent {
  caseId: string;
  at: Date;
  actor: string;
  kind: string;
  from?: CaseState | undefined;
  to?: CaseState | undefined;
  detail?: string | undefined;
}

export async function recordEvent(trx: Executor, e: CaseEvent): Promise<void> {
  await insertCaseEvent(trx, { ...e, from: e.from ?? null, to: e.to ?? null, detail: e.detail ?? null });
}

/**
 * Moves a locked case to another state and records the move on the timeline. The timeline row of a closing
 * is written before the case closes, and the one of a reopening after it opens, because the database refuses
 * any row for a closed case.
 */
export async function moveCase(
  trx: Executor,
  row: InvestigationCaseRow,
  to: CaseState,
  event: Omit<CaseEvent, 'caseId' | 'from' | 'to'>,
): Promise<InvestigationCaseRow> {
  requireMove(row.state, to);
  const full = { ...event, caseId: row.id, from: row.state, to };
  if (row.state !== 'closed') await recordEvent(trx, full);
  const updated = await updateCaseState(trx, row.id, row.state, to, event.at);
  if (!updated) throw new ServiceError('conflict', 'the case changed meanwhile; reload it');
  if (row.state === 'closed') await recordEvent(trx, full);
  return updated;
}

export async function touchCase(trx: Executor, caseId: string, at: Date): Promise<void> {
  await touchCaseRow(trx, caseId, at);
}

/** Audit row of a case action, in the caller's transaction. */
export async function auditCase(
  trx: Executor,
  entry: {
    actor: string;
    action: string;
    caseId: string;
    at: Date;
    reason?: string | null;
    before?: unknown;
    after?: unknown;
    requestId?: string | null;
  },
): Promise<void> {
  await appendAudit(trx, {
    actor: entry.actor,
    action: `investigation.${entry.action}`,
    subjectType: 'investigation_case',
    subjectId: entry.caseId,
    reason: entry.reason ?? null,
    before: entry.before,
    after: entry.after,
    requestId: entry.requestId ?? null,
    at: entry.at,
  });
}

/**
 * One edit of a case by an investigator, in one transaction: role, lock, editable state, the change, a
 * timeline row, the audit row and `updated_at`. Returns what `change` returns.
 */
export async function editCase<T>(
  deps: InvestigationDeps,
  by: Principal,
  caseId: string,
  action: { kind: string; detail: (result: T) => string; audit: (result: T) => unknown; reason?: string },
  change: (trx: Executor, row: InvestigationCaseRow, at: Date) => Promise<T>,
): Promise<T> {
  requireInvestigator(by);
  const at = deps.clock.now();
  const actor = actorOf(by);
  return withTransaction(deps.db, async (trx) => {
    const row = await lockCase(trx, caseId);
    requireEditable(row.state);
    const result = await change(trx, row, at);
    await recordEvent(trx, { caseId, at, actor, kind: action.kind, detail: action.detail(result) });
    await touchCase(trx, caseId, at);
    await auditCase(trx, {
      actor,
      action: action.kind,
      caseId,
      at,
      after: action.audit(result),
      reason: action.reason ?? null,
    });
    return result;
  });
}
