import type { Config } from '../../../app/config.ts';
import { ServiceError } from '../../../core/errors.ts';
import { newId } from '../../../infra/ids.ts';
import { type Executor, withTransaction } from '../../../storage/database.ts';
import { memberPurchases } from '../../../storage/repositories/case-evidence.ts';
import { lockMember } from '../../../storage/repositories/case-reads.ts';
import { insertCase, type NewCaseTransaction, nextCaseNumber } from '../../../storage/repositories/cases.ts';
import type { CaseSource } from '../../../storage/tables/investigations.ts';
import { actorOf, type Principal } from '../../console/service/roles.ts';
import { jstDate, jstYear } from '../../portal/service/time.ts';
import { describedAmount } from './amounts.ts';
import { auditCase, type InvestigationDeps, recordEvent, requireInvestigator } from './case-store.ts';
import { addDays, calendarDate, jstInstant } from './dates.ts';
import { storeEvidence } from './evidence.ts';

type WindowConfig = Pick<Config, 'FRAUD_DISPUTE_WINDOW_DAYS'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SUMMARY_MAX = 2000;
const MAX_CASE_TRANSACTIONS = 50;

/** A purchase the member disputes that we never authenticated (a phone/branch report), as the investigator describes it. */
export interface DescribedPurchase {
  /** JST calendar date of the purchase. */
  purchasedOn: string;
  merchantName: string;
  /** In major units as written on the statement: `12000`, `12.34`. */
  amount: string;
  /** ISO 4217 alphabetic code: `JPY`, `USD`, … */
  currency: string;
  description: string;
}

interface NewCase {
  enetId: string;
  source: CaseSource;
  fraudReportId: string | null;
  reportedAt: Date;
  summary: string;
  acsTransIds: string[];
  described: DescribedPurchase[];
  actor: string;
  at: Date;
  requestId?: string | null | undefined;
}

async function nextReference(trx: Executor, at: Date): Promise<string> {
  return `INV-${jstYear(at)}-${String(await nextCaseNumber(trx)).padStart(6, '0')}`;
}

/** The card network's dispute window ends this many days after the earliest disputed purchase (JST dates). */
function disputeWindowEnd(purchases: readonly (Date | null)[], days: number): string | null {
  const dates = purchases.filter((d): d is Date => d !== null).map(jstDate);
  if (dates.length === 0) return null;
  return addDays(dates.sort()[0] ?? '', days);
}

async function openCase(
  trx: Executor,
  config: WindowConfig,
  c: NewCase,
): Promise<{ caseId: string; reference: string }> {
  const caseId = newId('case', c.at.getTime());
  const reference = await nextReference(trx, c.at);
  const seen = await memberPurchases(trx, c.enetId, c.acsTransIds);
  if (seen.length !== c.acsTransIds.length)
    throw new ServiceError('invalid', 'a transaction is not the member’s', 'txn');
  const rows: NewCaseTransaction[] = [
    ...seen.map((t) => ({
      id: newId('ctx', c.at.getTime()),
      case_id: caseId,
      acs_trans_id: t.acs_trans_id,
      purchased_at: t.created_at,
      merchant_name: t.merchant_name,
      amount: t.purchase_amount,
      currency: t.purchase_currency,
      exponent: t.purchase_exponent,
      description: null,
    })),
    ...c.described.map((d) => {
      const money = describedAmount(d.amount, d.currency);
      return {
        id: newId('ctx', c.at.getTime()),
        case_id: caseId,
        acs_trans_id: null,
        purchased_at: new Date(`${d.purchasedOn}T12:00:00+09:00`),
        merchant_name: d.merchantName,
        amount: money.amount,
        currency: money.currency,
        exponent: money.exponent,
        description: d.description,
      };
    }),
  ];
  const disputeWindowEndsOn = disputeWindowEnd(
    rows.map((r) => r.purchased_at),
    config.FRAUD_DISPUTE_WINDOW_DAYS,
  );
  await insertCase(
    trx,
    {
      id: caseId,
      reference,
      enetId: c.enetId,
      source: c.source,
      fraudReportId: c.fraudReportId,
      reportedAt: c.reportedAt,
      summary: c.summary,
      disputeWindowEndsOn,
      openedBy: c.actor,
      at: c.at,
    },
    rows,
  );
  await recordEvent(trx, {
    caseId,
    at: c.at,
    actor: c.actor,
    kind: 'opened',
    to: 'reported',
    detail: `${c.source} report, ${rows.length} transaction(s)`,
  });
  await storeEvidence(trx, c.enetId, caseId, c.actor, c.at);
  await auditCase(trx, {
    actor: c.actor,
    action: 'opened',
    caseId,
    at: c.at,
    after: {
      reference,
      enetId: c.enetId,
      source: c.source,
      fraudReportId: c.fraudReportId,
      transactions: c.acsTransIds,
      described: c.described.length,
    },
    requestId: c.requestId ?? null,
  });
  return { caseId, reference };
}

/**
 * Terms art. 5-2 → 5-3: a portal fraud report opens a case in the report's own transaction, with the report's
 * timestamp as the moment art. 5-3-5 measures to. The caller has checked the transactions are the member's.
 */
export async function openCaseFromReport(
  trx: Executor,
  config: WindowConfig,
  report: {
    reportId: string;
    enetId: string;
    reportedAt: Date;
    description: string;
    acsTransIds: string[];
    actor: string;
    requestId?: string | null | undefined;
  },
): Promise<{ caseId: string; reference: string }> {
  return openCase(trx, config, {
    enetId: report.enetId,
    source: 'portal',
    fraudReportId: report.reportId,
    reportedAt: report.reportedAt,
    summary: report.description,
    acsTransIds: report.acsTransIds,
    described: [],
    actor: report.actor,
    at: report.reportedAt,
    requestId: report.requestId,
  });
}

export interface InvestigatorReport {
  enetId: string;
  source: string;
  /** When the member called or came to the branch (JST date-time `YYYY-MM-DDTHH:MM`); empty = now. */
  reportedAt: string;
  summary: string;
  acsTransIds: string[];
  described: DescribedPurchase[];
}

function reportedAtOf(value: string, now: Date): Date {
  if (value.trim() === '') return now;
  const at = jstInstant(value, 'reportedAt');
  if (at > now || at.getTime() < now.getTime() - 366 * 86_400_000)
    throw new ServiceError('invalid', 'the report time must be in the past year', 'reportedAt');
  return at;
}

function checkDescribed(d: DescribedPurchase, today: string): void {
  if (calendarDate(d.purchasedOn, 'purchasedOn') > today)
    throw new ServiceError('invalid', 'purchase date must not be in the future', 'purchasedOn');
  const merchant = d.merchantName.trim();
  if (merchant === '' || merchant.length > 120) throw new ServiceError('invalid', 'merchant name required', 'merchant');
  if (d.description.length > SUMMARY_MAX) throw new ServiceError('invalid', 'description too long', 'description');
  describedAmount(d.amount, d.currency);
}

/** An investigator opens a case for a report made by phone or at a branch (terms art. 5-2). */
export async function openCaseByInvestigator(
  deps: InvestigationDeps,
  by: Principal,
  input: InvestigatorReport,
): Promise<{ caseId: string; reference: string }> {
  requireInvestigator(by);
  const at = deps.clock.now();
  if (input.source !== 'phone' && input.source !== 'branch')
    throw new ServiceError('invalid', 'source must be phone or branch', 'source');
  const summary = input.summary.trim();
  if (summary === '' || [...summary].length > SUMMARY_MAX)
    throw new ServiceError('invalid', `a summary (up to ${SUMMARY_MAX} characters) is required`, 'summary');
  const ids = [...new Set(input.acsTransIds.map((id) => id.trim().toLowerCase()).filter((id) => id !== ''))];
  if (!ids.every((id) => UUID.test(id))) throw new ServiceError('invalid', 'unknown transaction', 'txn');
  if (ids.length + input.described.length === 0)
    throw new ServiceError('invalid', 'choose or describe at least one transaction', 'txn');
  if (ids.length + input.described.length > MAX_CASE_TRANSACTIONS)
    throw new ServiceError('invalid', 'too many transactions', 'txn');
  const today = jstDate(at);
  for (const d of input.described) checkDescribed(d, today);
  const reportedAt = reportedAtOf(input.reportedAt, at);
  const source = input.source;
  const created = await withTransaction(deps.db, async (trx) => {
    if (!(await lockMember(trx, input.enetId))) throw new ServiceError('not_found', 'no such member', 'enetId');
    return openCase(trx, deps.config, {
      enetId: input.enetId,
      source,
      fraudReportId: null,
      reportedAt,
      summary,
      acsTransIds: ids,
      described: input.described.map((d) => ({ ...d, merchantName: d.merchantName.trim() })),
      actor: actorOf(by),
      at,
    });
  });
  return created;
}
