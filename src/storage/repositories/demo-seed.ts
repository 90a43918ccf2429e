import { sql } from 'kysely';
import type { Executor } from '../database.ts';

/**
 * The demo seed's own writes (demo/seed/): a member's fraud report as the portal would have filed it. Not used by
 * production code; the portal's fraud-report repository is the one that files real reports.
 */

/** The member's transaction at this merchant, if the seed wrote one. */
export async function memberTransactionAt(db: Executor, enetId: string, merchant: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('transactions')
    .select('acs_trans_id')
    .where('enet_id', '=', enetId)
    .where('merchant_name', '=', merchant)
    .executeTakeFirst();
  return row?.acs_trans_id;
}

/** The next number of the fraud report reference sequence. */
export async function nextFraudReportNumber(db: Executor): Promise<number> {
  const seq = await sql<{ n: number }>`select nextval('fraud_report_number') as n`.execute(db);
  return Number(seq.rows[0]?.n ?? 0);
}

export interface SeedFraudReport {
  id: string;
  reference: string;
  enetId: string;
  reportedAt: Date;
  noticedOn: string;
  description: string;
  acsTransIds: readonly string[];
}

/** A fraud report (status `reported`, contact by email) naming the given transactions. */
export async function insertSeedFraudReport(db: Executor, r: SeedFraudReport): Promise<void> {
  await db
    .insertInto('fraud_reports')
    .values({
      id: r.id,
      reference: r.reference,
      enet_id: r.enetId,
      reported_at: r.reportedAt,
      noticed_on: r.noticedOn,
      description: r.description,
      contact_preference: 'email',
      status: 'reported',
    })
    .execute();
  for (const acsTransId of r.acsTransIds) {
    await db.insertInto('fraud_report_transactions').values({ report_id: r.id, acs_trans_id: acsTransId }).execute();
  }
}
