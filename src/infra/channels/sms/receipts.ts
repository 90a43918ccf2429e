import type { SmsDeliveryReport } from '../../../core/ports.ts';
import type { Db } from '../../../storage/database.ts';
import { recordSmsDelivery } from '../../../storage/repositories/sms-messages.ts';

/** Records a provider's delivery report (Twilio status callback, SMPP receipt) on the message it names. */
export async function recordDeliveryReport(db: Db, report: SmsDeliveryReport, at: Date): Promise<void> {
  if (report.status === 'sent') return;
  const error = report.status === 'failed' ? (report.detail ?? 'failed') : null;
  await recordSmsDelivery(db, report.providerMessageId, report.status, error, at);
}
