import { sql } from 'kysely';
import { openCaseFromReport } from '../../src/features/investigations/service/open.ts';
import { jstYear } from '../../src/features/portal/service/time.ts';
import { newId } from '../../src/infra/ids.ts';
import type { Db } from '../../src/storage/database.ts';

const MEMBER = 'demo-hanako';

/**
 * One open fraud investigation for the demo (issue #8): 佐藤 花子 reported the declined Example Electronics
 * purchase in the portal, so the console's case queue and the portal's case page have something to show.
 */
export async function seedDemoFraudCase(db: Db, now: Date): Promise<void> {
  const txn = await db
    .selectFrom('transactions')
    .select('acs_trans_id')
    .where('enet_id', '=', MEMBER)
    .where('merchant_name', '=', 'Example Electronics')
    .executeTakeFirst();
  if (!txn) return;
  await db.transaction().execute(async (trx) => {
    const reportId = newId('fr', now.getTime());
    const seq = await sql<{ n: number }>`select nextval('fraud_report_number') as n`.execute(trx);
    const reference = `FR-${jstYear(now)}-${String(Number(seq.rows[0]?.n ?? 0)).padStart(6, '0')}`;
    const description = '身に覚えのない家電の購入の認証がありました。';
    await trx
      .insertInto('fraud_reports')
      .values({
        id: reportId,
        reference,
        enet_id: MEMBER,
        reported_at: now,
        noticed_on: now.toISOString().slice(0, 10),
        description,
        contact_preference: 'email',
        status: 'reported',
      })
      .execute();
    await trx
      .insertInto('fraud_report_transactions')
      .values({ report_id: reportId, acs_trans_id: txn.acs_trans_id })
      .execute();
    await openCaseFromReport(
      trx,
      { FRAUD_DISPUTE_WINDOW_DAYS: 120 },
      {
        reportId,
        enetId: MEMBER,
        reportedAt: now,
        description,
        acsTransIds: [txn.acs_trans_id],
        actor: `member:${MEMBER}`,
      },
    );
  });
}
