import { sql } from 'kysely';
import type { Executor } from '../database.ts';

/** Members' fraud reports (terms art. 5-2) and the transactions each one names. */

/** The next number of the report sequence (the reference's serial part). */
export async function nextFraudReportNumber(db: Executor): Promise<number> {
  const seq = await sql<{ n: number }>`select nextval('fraud_report_number') as n`.execute(db);
  return Number(seq.rows[0]?.n ?? 0);
}

export interface NewFraudReport {
  id: string;
  reference: string;
  enetId: string;
  reportedAt: Date;
  /** `YYYY-MM-DD`. */
  noticedOn: string;
  description: string;
  contactPreference: 'email' | 'phone';
  acsTransIds: readonly string[];
}

/** The report with its transactions, status `reported`. */
export async function insertFraudReport(db: Executor, r: NewFraudReport): Promise<void> {
  await db
    .insertInto('fraud_reports')
    .values({
      id: r.id,
      reference: r.reference,
      enet_id: r.enetId,
      reported_at: r.reportedAt,
      noticed_on: r.noticedOn,
      description: r.description,
      contact_preference: r.contactPreference,
      status: 'reported',
    })
    .execute();
  await db
    .insertInto('fraud_report_transactions')
    .values(r.acsTransIds.map((acsTransId) => ({ report_id: r.id, acs_trans_id: acsTransId })))
    .execute();
}

export interface FraudReportRecord {
  id: string;
  reference: string;
  reportedAt: Date;
  noticedOn: string;
  description: string;
  contactPreference: 'email' | 'phone';
  transactions: string[];
}

/** One of the member's reports (another member's id finds nothing). */
export async function memberFraudReport(
  db: Executor,
  enetId: string,
  id: string,
): Promise<FraudReportRecord | undefined> {
  const row = await db
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
  const txns = await db
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
