import { sql } from 'kysely';
import { queueEmail } from '../../../infra/channels/email/job.ts';
import { newId } from '../../../infra/ids.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
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
  const owned = await deps.db
    .selectFrom('transactions')
    .select('acs_trans_id')
    .where('enet_id', '=', enetId)
    .where('acs_trans_id', 'in', ids)
    .execute();
  if (owned.length !== ids.length) return { ok: false, problem: 'unknown_transaction' };
  if (!validNoticedOn(input.noticedOn, at)) return { ok: false, problem: 'noticed_on' };
  const description = input.description.trim();
  if (description === '' || [...description].length > FRAUD_DESCRIPTION_MAX)
    return { ok: false, problem: 'description' };
  const contact = input.contactPreference;
  if (contact !== 'email' && contact !== 'phone') return { ok: false, problem: 'contact' };
  const id = newId('fr', at.getTime());
  const reference = await deps.db.transaction().execute(async (trx) => {
    const member = await trx
      .selectFrom('members')
      .select(['name', 'email'])
      .where('enet_id', '=', enetId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const seq = await sql<{ n: number }>`select nextval('fraud_report_number') as n`.execute(trx);
    const ref = `FR-${jstYear(at)}-${String(Number(seq.rows[0]?.n ?? 0)).padStart(6, '0')}`;
    await trx
      .insertInto('fraud_reports')
      .values({
        id,
        reference: ref,
        enet_id: enetId,
        reported_at: at,
        noticed_on: input.noticedOn,
        description,
        contact_preference: contact,
        status: 'reported',
      })
      .execute();
    await trx
      .insertInto('fraud_report_transactions')
      .values(ids.map((acsTransId) => ({ report_id: id, acs_trans_id: acsTransId })))
      .execute();
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

export interface FraudReportView {
  id: string;
  reference: string;
  reportedAt: Date;
  noticedOn: string;
  description: string;
  contactPreference: 'email' | 'phone';
  transactions: string[];
}

export async function fraudReportOf(
  deps: Pick<PortalDeps, 'db'>,
  enetId: string,
  id: string,
): Promise<FraudReportView | undefined> {
  const row = await deps.db
    .selectFrom('fraud_reports')
    .select([
      'id',
      'reference',
      'reported_at',
      sql<string>`to_char(noticed_on, 'YYYY-MM-DD')`.as('noticed_on'),
      'description',
      'contact_preference',
    ])
    .where('id', '=', id)
    .where('enet_id', '=', enetId)
    .executeTakeFirst();
  if (!row) return undefined;
  const txns = await deps.db
    .selectFrom('fraud_report_transactions')
    .select('acs_trans_id')
    .where('report_id', '=', id)
    .execute();
  return {
    id: row.id,
    reference: row.reference,
    reportedAt: new Date(row.reported_at),
    noticedOn: row.noticed_on,
    description: row.description,
    contactPreference: row.contact_preference,
    transactions: txns.map((t) => t.acs_trans_id),
  };
}
