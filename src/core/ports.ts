/**
 * Every outside dependency of the domain, as a small interface. Implementations live in
 * channels/, crypto/, storage/ and main.ts wires them together.
 */

export interface Clock {
  now(): Date;
}

/** A text message to one phone number in E.164 form (e.g. `+819012345678`). */
export interface SmsMessage {
  /** Our own id (`sms_…`), used as the idempotency reference with the provider. */
  id: string;
  to: string;
  body: string;
}

export type SmsSendResult = { ok: true; providerMessageId: string } | { ok: false; retryable: boolean; error: string };

export interface SmsSender {
  readonly name: 'outbox' | 'twilio' | 'smpp';
  send(message: SmsMessage): Promise<SmsSendResult>;
  close(): Promise<void>;
}

/** A delivery report from the SMS provider (Twilio status callback, SMPP deliver_sm receipt). */
export interface SmsDeliveryReport {
  providerMessageId: string;
  status: 'delivered' | 'failed' | 'sent';
  detail?: string;
}

export interface EmailMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export type EmailSendResult =
  | { ok: true; providerMessageId: string }
  | { ok: false; retryable: boolean; error: string };

export interface Mailer {
  readonly name: 'outbox' | 'smtp';
  send(message: EmailMessage): Promise<EmailSendResult>;
  close(): Promise<void>;
}
