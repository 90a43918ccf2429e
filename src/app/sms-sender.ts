import type { SmsDeliveryReport, SmsSender } from '../core/ports.ts';
import { outboxSender } from '../infra/channels/sms/job.ts';
import { createSmppSender } from '../infra/channels/sms/smpp.ts';
import { createTwilioSender } from '../infra/channels/sms/twilio.ts';
import type { Config } from './config.ts';

/** The SMS provider SMS_PROVIDER names (config validation guarantees its settings are present). */
export function createSmsSender(config: Config, onDeliveryReport: (r: SmsDeliveryReport) => Promise<void>): SmsSender {
  switch (config.SMS_PROVIDER) {
    case 'outbox':
      return outboxSender;
    case 'twilio':
      return createTwilioSender({
        accountSid: config.TWILIO_ACCOUNT_SID!,
        authToken: config.TWILIO_AUTH_TOKEN!,
        from: config.TWILIO_FROM!,
        apiBase: config.TWILIO_API_BASE,
        statusCallbackUrl: `${config.PUBLIC_URL}/hooks/sms/twilio`,
      });
    case 'smpp':
      return createSmppSender({ url: config.SMPP_URL!, sourceAddr: config.SMS_SENDER_ID, onDeliveryReport });
  }
}
