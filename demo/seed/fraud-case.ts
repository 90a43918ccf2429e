import { openCaseFromReport } from '../../src/features/investigations/service/open.ts';
import { jstYear } from '../../src/features/portal/service/time.ts';
import { newId } from '../../src/infra/ids.ts';
import { type Db, withTransaction } from '../../src/storage/database.ts';
import { memberTransactionAt } from '../../src/storage/repositories/demo-seed.ts';
import { insertFraudReport, nextFraudReportNumber } from '../../src/storage/repositories/fraud-reports.ts';

const MEMBER = 'demo-hanako';

/**
 * One open fraud investigation for the demo (issue #8): 佐藤 花子 reported the declined Example Electronics
 * purchase in the portal, so the console's case queue and the portal's case page have something to show.
 */
export async function seedDemoFraudCase(db: Db, now: Date): Promise<void> {
  const acsTransId = await memberTransactionAt(db, MEMBER, 'Example Electronics');
  if (!acsTransId) return;
  await withTransaction(db, async (trx) => {
    const reportId = newId('fr', now.getTime());
    const reference = `FR-${jstYear(now)}-${String(await nextFraudReportNumber(trx)).padStart(6, '0')}`;
    const description = '身に覚えのない家電の購入の認証がありました。';
    await insertFraudReport(trx, {
      id: reportId,
      reference,
      enetId: MEMBER,
      reportedAt: now,
      noticedOn: now.toISOString().slice(0, 10),
      description,
      contactPreference: 'email',
      acsTransIds: [acsTransId],
    });
    await openCaseFromReport(
      trx,
      { FRAUD_DISPUTE_WINDOW_DAYS: 120 },
      {
        reportId,
        enetId: MEMBER,
        reportedAt: now,
        description,
        acsTransIds: [acsTransId],
        actor: `member:${MEMBER}`,
      },
    );
  });
}
