import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { SmsSendResult } from '../../src/core/ports.ts';
import {
  createTwilioSender,
  parseTwilioStatusCallback,
  type TwilioSenderOptions,
  verifyTwilioSignature,
} from '../../src/infra/channels/sms/twilio.ts';
import { closedPort } from '../support/peers/closed-port.ts';
import { startTwilioPeer, type TwilioPeer } from '../support/peers/twilio-peer.ts';

const TO = '+819012345678';
const BODY = '【テスト銀行】ご本人確認コード 123456\n@localhost #123456';
const CALLBACK = 'https://acs.example.jp/webhooks/twilio/status?tenant=1';

function failure(result: SmsSendResult): { retryable: boolean; error: string } {
  assert.equal(result.ok, false, 'expected a failure');
  if (result.ok) throw new Error('unreachable');
  for (const secret of [TO, TO.slice(1), '123456']) assert.ok(!result.error.includes(secret), 'error leaks data');
  return result;
}

describe('twilio sender', () => {
  let peer: TwilioPeer;
  const sender = (overrides: Partial<TwilioSenderOptions> = {}) =>
    createTwilioSender({
      accountSid: peer.accountSid,
      authToken: peer.authToken,
      from: '+15005550006',
      apiBase: peer.apiBase,
      statusCallbackUrl: CALLBACK,
      ...overrides,
    });
  before(async () => {
    peer = await startTwilioPeer();
  });
  after(() => peer.close());

  it('posts To, From, Body and StatusCallback form-encoded with basic auth', async () => {
    const result = await sender().send({ id: 'sms_1', to: TO, body: BODY });
    assert.ok(result.ok && /^SM[0-9a-f]{32}$/.test(result.providerMessageId));
    const last = peer.received().at(-1);
    assert.deepEqual(
      { to: last?.to, from: last?.from, body: last?.body, statusCallback: last?.statusCallback },
      { to: TO, from: '+15005550006', body: BODY, statusCallback: CALLBACK },
    );
  });

  it('sends from a Messaging Service when `from` is an MG sid', async () => {
    const service = `MG${'0'.repeat(32)}`;
    assert.ok((await sender({ from: service }).send({ id: 'sms_2', to: TO, body: BODY })).ok);
    assert.equal(peer.received().at(-1)?.messagingServiceSid, service);
    assert.equal(peer.received().at(-1)?.from, null);
  });

  it('treats bad credentials as permanent and never echoes the token', async () => {
    const { retryable, error } = failure(
      await sender({ authToken: 'not-the-token' }).send({ id: 's', to: TO, body: BODY }),
    );
    assert.equal(retryable, false);
    assert.equal(error, 'twilio http 401 code 20003');
  });

  it("treats an invalid 'To' as permanent, keeping only Twilio's code", async () => {
    const { retryable, error } = failure(await sender().send({ id: 's', to: '+0123', body: BODY }));
    assert.equal(retryable, false);
    assert.equal(error, 'twilio http 400 code 21211');
  });

  it('treats 429 and 5xx as retryable', async () => {
    peer.failNext(1, 429);
    peer.failNext(1, 500);
    const throttled = failure(await sender().send({ id: 's', to: TO, body: BODY }));
    const broken = failure(await sender().send({ id: 's', to: TO, body: BODY }));
    assert.deepEqual(throttled, { ok: false, retryable: true, error: 'twilio http 429 code 20429' });
    assert.deepEqual(broken, { ok: false, retryable: true, error: 'twilio http 500 code 20500' });
  });

  it('gives up after its timeout and calls that retryable', async () => {
    peer.hangNext(1);
    const started = Date.now();
    const { retryable, error } = failure(await sender({ timeoutMs: 150 }).send({ id: 's', to: TO, body: BODY }));
    assert.ok(Date.now() - started < 2_000);
    assert.deepEqual({ retryable, error }, { retryable: true, error: 'twilio timeout' });
  });

  it('calls a network failure retryable', async () => {
    const refused = createTwilioSender({
      accountSid: 'AC1',
      authToken: 't',
      from: '+15005550006',
      apiBase: `http://127.0.0.1:${await closedPort()}`,
    });
    assert.deepEqual(failure(await refused.send({ id: 's', to: TO, body: BODY })), {
      ok: false,
      retryable: true,
      error: 'twilio network error',
    });
  });

  it('does not retry a 2xx it cannot read, so the code is not sent twice', async () => {
    const odd = sender({ fetch: async () => new Response('<html>ok</html>', { status: 200 }) });
    assert.equal(failure(await odd.send({ id: 's', to: TO, body: BODY })).retryable, false);
  });
});

describe('twilio status callback', () => {
  let peer: TwilioPeer;
  let sid = '';
  before(async () => {
    peer = await startTwilioPeer();
    const sender = createTwilioSender({
      accountSid: peer.accountSid,
      authToken: peer.authToken,
      from: '+15005550006',
      apiBase: peer.apiBase,
      statusCallbackUrl: CALLBACK,
    });
    const result = await sender.send({ id: 'sms_cb', to: TO, body: BODY });
    sid = result.ok ? result.providerMessageId : '';
  });
  after(() => peer.close());

  it('verifies the signature Twilio puts on the callback and rejects tampering', () => {
    const { url, body, signature } = peer.statusCallback(sid, 'delivered');
    assert.equal(verifyTwilioSignature({ authToken: peer.authToken, url, body, signature }), true);
    const forged = body.replace('delivered', 'failed');
    assert.equal(verifyTwilioSignature({ authToken: peer.authToken, url, body: forged, signature }), false);
    assert.equal(verifyTwilioSignature({ authToken: 'other', url, body, signature }), false);
    assert.equal(verifyTwilioSignature({ authToken: peer.authToken, url, body, signature: undefined }), false);
  });

  it('matches an independently computed HMAC-SHA1 over the URL and sorted fields', () => {
    const body = 'MessageStatus=sent&AccountSid=AC1&MessageSid=SM1';
    const signature = createHmac('sha1', 'token')
      .update('https://h/cb?x=1AccountSidAC1MessageSidSM1MessageStatussent')
      .digest('base64');
    assert.equal(verifyTwilioSignature({ authToken: 'token', url: 'https://h/cb?x=1', body, signature }), true);
  });

  it('turns final statuses into delivery reports', () => {
    assert.deepEqual(parseTwilioStatusCallback(peer.statusCallback(sid, 'delivered').body), {
      providerMessageId: sid,
      status: 'delivered',
      detail: 'delivered',
    });
    assert.deepEqual(
      parseTwilioStatusCallback(new URLSearchParams(peer.statusCallback(sid, 'undelivered', 30003).body)),
      {
        providerMessageId: sid,
        status: 'failed',
        detail: 'undelivered error 30003',
      },
    );
    assert.equal(parseTwilioStatusCallback(peer.statusCallback(sid, 'sent').body)?.status, 'sent');
  });

  it('ignores intermediate statuses and malformed bodies', () => {
    assert.equal(parseTwilioStatusCallback(peer.statusCallback(sid, 'sending').body), null);
    assert.equal(parseTwilioStatusCallback(peer.statusCallback(sid, 'queued').body), null);
    assert.equal(parseTwilioStatusCallback('MessageSid=nope&MessageStatus=delivered'), null);
    assert.equal(parseTwilioStatusCallback(''), null);
  });
});
