import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SmsDeliveryReport, SmsMessage, SmsSender, SmsSendResult } from '../../../core/ports.ts';

export interface TwilioSenderOptions {
  accountSid: string;
  authToken: string;
  /** E.164 number, alphanumeric sender id, or a Messaging Service SID (`MG…`). */
  from: string;
  /** `https://api.twilio.com`, or a Twilio-compatible loopback in tests. */
  apiBase: string;
  statusCallbackUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const MESSAGE_SID = /^(SM|MM)[0-9a-f]{32}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/** Twilio's error `message` can quote the `To` number, so only the numeric code is kept. */
async function interpret(response: Response): Promise<SmsSendResult> {
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const sid = isRecord(payload) && typeof payload.sid === 'string' ? payload.sid : '';
    if (MESSAGE_SID.test(sid)) return { ok: true, providerMessageId: sid };
    // accepted but unreadable: retrying could send the code twice
    return { ok: false, retryable: false, error: `twilio http ${response.status} without a message sid` };
  }
  const code = isRecord(payload) && typeof payload.code === 'number' ? ` code ${payload.code}` : '';
  const retryable = response.status === 429 || response.status >= 500;
  return { ok: false, retryable, error: `twilio http ${response.status}${code}` };
}

/** Programmable Messaging `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`. */
export function createTwilioSender(options: TwilioSenderOptions): SmsSender {
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const endpoint = `${options.apiBase.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;

  return {
    name: 'twilio',
    async send(message: SmsMessage): Promise<SmsSendResult> {
      const form = new URLSearchParams({ To: message.to, Body: message.body });
      form.set(options.from.startsWith('MG') ? 'MessagingServiceSid' : 'From', options.from);
      if (options.statusCallbackUrl) form.set('StatusCallback', options.statusCallbackUrl);
      try {
        const response = await send(endpoint, {
          method: 'POST',
          headers: { authorization, accept: 'application/json' },
          body: form,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        return await interpret(response);
      } catch (error) {
        return { ok: false, retryable: true, error: isTimeout(error) ? 'twilio timeout' : 'twilio network error' };
      }
    },
    async close(): Promise<void> {},
  };
}

// Twilio message statuses that are final enough to report; queued/accepted/sending/scheduled are not.
const CALLBACK_STATUS: Readonly<Record<string, SmsDeliveryReport['status']>> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
};

/** A status callback form body as a delivery report, or null for intermediate or malformed ones. */
export function parseTwilioStatusCallback(body: string | URLSearchParams): SmsDeliveryReport | null {
  const params = typeof body === 'string' ? new URLSearchParams(body) : body;
  const sid = params.get('MessageSid') ?? params.get('SmsSid') ?? '';
  const raw = params.get('MessageStatus') ?? params.get('SmsStatus') ?? '';
  const status = CALLBACK_STATUS[raw];
  if (!MESSAGE_SID.test(sid) || !status) return null;
  const errorCode = params.get('ErrorCode');
  const detail = errorCode && /^\d{1,6}$/.test(errorCode) ? `${raw} error ${errorCode}` : raw;
  return { providerMessageId: sid, status, detail };
}

/** `X-Twilio-Signature`: base64 HMAC-SHA1, keyed with the auth token, of the URL then each POST name+value sorted by name. */
function twilioSignature(authToken: string, url: string, body: string | URLSearchParams): string {
  const params = typeof body === 'string' ? new URLSearchParams(body) : body;
  const names = [...new Set(params.keys())].sort();
  const signed = names.reduce(
    (acc, name) =>
      acc +
      params
        .getAll(name)
        .map((value) => name + value)
        .join(''),
    url,
  );
  return createHmac('sha1', authToken).update(signed, 'utf8').digest('base64');
}

/** Checks a status callback really came from Twilio before its report is believed. */
export function verifyTwilioSignature(input: {
  authToken: string;
  url: string;
  body: string | URLSearchParams;
  signature: string | undefined;
}): boolean {
  if (!input.signature) return false;
  const expected = Buffer.from(twilioSignature(input.authToken, input.url, input.body));
  const given = Buffer.from(input.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
