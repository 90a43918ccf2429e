import type { SmsDeliveryReport } from '../../../core/ports.ts';
import type { Db } from '../../../storage/database.ts';

/** Records a provider's delivery report (Twilio status callback, SMPP receipt) on the message it names. */
export async function recordDeliveryReport(db: Db, report: SmsDeliveryReport, at: Date): Promise<void> {
  if (report.status === 'sent') return;
  await db
    .updateTable('sms_messages')
    .set({
      status: report.status,
      error: report.status === 'failed' ? (report.detail ?? 'failed') : null,
      updated_at: at,
    })
    .where('provider_message_id', '=', report.providerMessageId)
    .execute();
}
