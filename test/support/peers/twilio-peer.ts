/**
 * A loopback stand-in for the Twilio Messages API: just enough of
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` to exercise an SMS sender.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TwilioReceived {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
}

export interface TwilioPeer {
  readonly apiBase: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** Accepted messages, oldest first. */
  received(): TwilioReceived[];
  /** Every request seen, accepted or not. */
  requestCount(): number;
  /** Answer the next `count` requests with this status and a Twilio error body (400: unsubscribed recipient). */
  failNext(count: number, status: 400 | 429 | 500 | 503): void;
  /** Leave the next `count` requests unanswered (until close). */
  hangNext(count: number): void;
  /** The form body and signature Twilio would POST to a message's StatusCallback. */
  statusCallback(sid: string, status: string, errorCode?: number): { url: string; body: string; signature: string };
  close(): Promise<void>;
}

const E164 = /^\+[1-9]\d{1,14}$/;
const FAILURES: Record<number, { code: number; message: string }> = {
  400: { code: 21610, message: 'Attempt to send to unsubscribed recipient' },
  429: { code: 20429, message: 'Too Many Requests' },
  500: { code: 20500, message: 'Internal Server Error' },
  503: { code: 20503, message: 'Service Unavailable' },
};

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function twilioError(res: ServerResponse, status: number, code: number, message: string): void {
  reply(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startTwilioPeer(
  credentials = { accountSid: `AC${randomBytes(16).toString('hex')}`, authToken: randomBytes(16).toString('hex') },
): Promise<TwilioPeer> {
  const { accountSid, authToken } = credentials;
  const messages: TwilioReceived[] = [];
  const failures: number[] = [];
  let hang = 0;
  let requests = 0;

  const server = createServer(async (req, res) => {
    requests += 1;
    const body = await readBody(req);
    if (hang > 0) {
      hang -= 1;
      return;
    }
    const failure = failures.shift();
    if (failure !== undefined) {
      const { code, message } = FAILURES[failure] ?? { code: 20500, message: 'Internal Server Error' };
      return twilioError(res, failure, code, message);
    }
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return twilioError(res, 404, 20404, 'The requested resource was not found');
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected || decodeURIComponent(match[1] ?? '') !== accountSid) {
      return twilioError(res, 401, 20003, 'Authenticate');
    }
    if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      return twilioError(res, 400, 20001, 'Content-Type must be application/x-www-form-urlencoded');
    }
    const form = new URLSearchParams(body);
    const to = form.get('To') ?? '';
    const from = form.get('From');
    const messagingServiceSid = form.get('MessagingServiceSid');
    const text = form.get('Body');
    if (!E164.test(to)) return twilioError(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from && !messagingServiceSid) return twilioError(res, 400, 21603, "A 'From' phone number is required.");
    if (!text) return twilioError(res, 400, 21602, 'Message body is required.');

    const sid = `SM${randomBytes(16).toString('hex')}`;
    const statusCallback = form.get('StatusCallback');
    messages.push({ sid, accountSid, to, from, messagingServiceSid, body: text, statusCallback });
    const now = new Date().toUTCString();
    reply(res, 201, {
      sid,
      account_sid: accountSid,
      to,
      from,
      messaging_service_sid: messagingServiceSid,
      body: text,
      status: 'queued',
      direction: 'outbound-api',
      num_segments: '1',
      api_version: '2010-04-01',
      date_created: now,
      date_updated: now,
      date_sent: null,
      error_code: null,
      error_message: null,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiBase: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    received: () => messages.map((message) => ({ ...message })),
    requestCount: () => requests,
    failNext(count, status) {
      for (let i = 0; i < count; i += 1) failures.push(status);
    },
    hangNext(count) {
      hang += count;
    },
    statusCallback(sid, status, errorCode) {
      const message = messages.find((candidate) => candidate.sid === sid);
      if (!message?.statusCallback) throw new Error('no StatusCallback recorded for that sid');
      const params = new URLSearchParams({
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        From: message.from ?? '',
        MessageSid: sid,
        MessageStatus: status,
        SmsSid: sid,
        SmsStatus: status,
        To: message.to,
      });
      if (errorCode !== undefined) params.set('ErrorCode', String(errorCode));
      const signed = [...params.keys()]
        .sort()
        .reduce((acc, key) => acc + key + params.get(key), message.statusCallback);
      const signature = createHmac('sha1', authToken).update(signed).digest('base64');
      return { url: message.statusCallback, body: params.toString(), signature };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
