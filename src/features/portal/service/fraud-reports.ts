import { queueEmail } from '../../../infra/channels/email/job.ts';
import { newId } from '../../../infra/ids.ts';
import { withTransaction } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import {
  type FraudReportRecord,
  insertFraudReport,
  memberFraudReport,
  nextFraudReportNumber,
} from '../../../storage/repositories/fraud-reports.ts';
import { lockedMemberContact, memberTransactionIdsAmong } from '../../../storage/repositories/portal-reads.ts';
import { openCaseFromReport } from '../../investigations/service/open.ts';
import type { PortalDeps, RequestMeta } from './deps.ts';
import { fraudReceiptEmail } from './emails.ts';
import { FRAUD_DESCRIPTION_MAX, FRAUD_MAX_TRANSACTIONS, memberActor } from './policy.ts';
import { jstDate, jstYear } from './time.ts';

export interface FraudReportInput {
  acsTransIds: string[];
  noticedOn: string;
  description: string;
  contactPreference: string;
}

export type FraudReportProblem = 'no_transactions' | 'unknown_transaction' | 'noticed_on' | 'description' | 'contact';

export type FraudReportResult =
  | { ok: true; id: string; reference: string }
  | { ok: false; problem: FraudReportProblem };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * terms art. 5-2: the member reports that credentials were (or may have been) misused. The report's timestamp
 * is the moment art. 5-3-5 measures against (60 days from the statement notice), so it is taken from our clock
 * and stored with the report in the same transaction as its audit row and the emailed receipt.
 */
export async function submitFraudReport(
  deps: PortalDeps,
  enetId: string,
  input: FraudReportInput,
  meta: RequestMeta,
): Promise<FraudReportResult> {
  const at = deps.clock.now();
  const ids = [...new Set(input.acsTransIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) return { ok: false, problem: 'no_transactions' };
  if (ids.length > FRAUD_MAX_TRANSACTIONS || !ids.every((id) => UUID.test(id)))
    return { ok: false, problem: 'unknown_transaction' };
  const owned = await memberTransactionIdsAmong(deps.db, enetId, ids);
  if (owned.length !== ids.length) return { ok: false, problem: 'unknown_transaction' };
  if (!validNoticedOn(input.noticedOn, at)) return { ok: false, problem: 'noticed_on' };
  const description = input.description.trim();
  if (description === '' || [...description].length > FRAUD_DESCRIPTION_MAX)
    return { ok: false, problem: 'description' };
  const contact = input.contactPreference;
  if (contact !== 'email' && contact !== 'phone') return { ok: false, problem: 'contact' };
  const id = newId('fr', at.getTime());
  const reference = await withTransaction(deps.db, async (trx) => {
    const member = await lockedMemberContact(trx, enetId);
    const ref = `FR-${jstYear(at)}-${String(await nextFraudReportNumber(trx)).padStart(6, '0')}`;
    await insertFraudReport(trx, {
      id,
      reference: ref,
      enetId,
      reportedAt: at,
      noticedOn: input.noticedOn,
      description,
      contactPreference: contact,
      acsTransIds: ids,
    });
    // terms art. 5-3: the report opens a fraud investigation case in the same transaction (issue #8).
    await openCaseFromReport(trx, deps.config, {
      reportId: id,
      enetId,
      reportedAt: at,
      description,
      acsTransIds: ids,
      actor: memberActor(enetId),
      requestId: meta.requestId ?? null,
    });
    await queueEmail(trx, {
      to: member.email,
      ...fraudReceiptEmail(deps.config, member.name, ref, ids.length, at),
      at,
    });
    await appendAudit(trx, {
      actor: memberActor(enetId),
      action: 'portal.fraud_report',
      subjectType: 'member',
      subjectId: enetId,
      after: { reportId: id, reference: ref, transactions: ids, noticedOn: input.noticedOn, contact },
      requestId: meta.requestId ?? null,
      at,
    });
    return ref;
  });
  deps.kick();
  return { ok: true, id, reference };
}

/** A calendar date, not in the future (Japan time), not absurdly old. */
function validNoticedOn(value: string, at: Date): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) return false;
  return value <= jstDate(at) && value >= '2000-01-01';
}

export type FraudReportView = FraudReportRecord;

/** One of the member's own reports, for its receipt page. */
export function fraudReportOf(
  deps: Pick<PortalDeps, 'db'>,
  enetId: string,
  id: string,
): Promise<FraudReportView | undefined> {
  return memberFraudReport(deps.db, enetId, id);
}
