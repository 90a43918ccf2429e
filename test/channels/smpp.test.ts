import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SmsDeliveryReport, SmsSender, SmsSendResult } from '../../src/core/ports.ts';
import { createSmppSender, type SmppSenderOptions } from '../../src/infra/channels/sms/smpp.ts';
import { closedPort } from '../support/peers/closed-port.ts';
import { type SmppPeer, startSmppPeer } from '../support/peers/smpp-peer.ts';
import { OTP_TEXT } from '../support/sms-contract.ts';

const TO = '+819012345678';

function providerId(result: SmsSendResult): string {
  assert.ok(result.ok, JSON.stringify(result));
  return result.providerMessageId;
}

function failure(result: SmsSendResult): { retryable: boolean; error: string } {
  assert.equal(result.ok, false, 'expected a failure');
  if (result.ok) throw new Error('unreachable');
  for (const secret of [TO, TO.slice(1), '123456']) assert.ok(!result.error.includes(secret), 'error leaks data');
  return { retryable: result.retryable, error: result.error };
}

async function eventually(check: () => boolean, ms = 2_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('smpp sender', () => {
  let peer: SmppPeer;
  const senders: SmsSender[] = [];
  const sender = (overrides: Partial<SmppSenderOptions> = {}) => {
    const created = createSmppSender({ url: peer.url, sourceAddr: 'TESTBANK', ...overrides });
    senders.push(created);
    return created;
  };
  beforeEach(async () => {
    peer = await startSmppPeer();
  });
  afterEach(async () => {
    await Promise.all(senders.splice(0).map((created) => created.close()));
    await peer.close();
  });

  it('binds as a transceiver only when the first message goes out', async () => {
    const smpp = sender();
    await sleep(20);
    assert.deepEqual(peer.binds(), []);
    providerId(await smpp.send({ id: 'sms_1', to: TO, body: OTP_TEXT }));
    providerId(await smpp.send({ id: 'sms_2', to: TO, body: OTP_TEXT }));
    assert.deepEqual(peer.binds(), ['bind_transceiver']);
  });

  it('submits Japanese as UCS-2 with a delivery receipt requested; long text goes in message_payload', async () => {
    const smpp = sender();
    providerId(await smpp.send({ id: 'sms_1', to: TO, body: OTP_TEXT }));
    providerId(await smpp.send({ id: 'sms_2', to: TO, body: 'あ'.repeat(71) }));
    providerId(await smpp.send({ id: 'sms_3', to: TO, body: 'Code 123456' }));
    const [short, long, latin] = peer.received();
    assert.deepEqual(
      {
        dataCoding: short?.dataCoding,
        registeredDelivery: short?.registeredDelivery,
        payload: short?.viaMessagePayload,
      },
      { dataCoding: 8, registeredDelivery: 1, payload: false },
    );
    assert.deepEqual(
      { dataCoding: long?.dataCoding, payload: long?.viaMessagePayload },
      { dataCoding: 8, payload: true },
    );
    assert.equal(latin?.dataCoding, 0);
    assert.deepEqual({ source: short?.sourceAddr, ton: short?.sourceAddrTon }, { source: 'TESTBANK', ton: 5 });
  });

  it('refuses a destination that is not E.164 without sending it', async () => {
    assert.deepEqual(failure(await sender().send({ id: 's', to: '09012345678', body: OTP_TEXT })), {
      retryable: false,
      error: 'smpp destination is not E.164',
    });
    assert.equal(peer.received().length, 0);
  });

  it('treats a bind rejected for bad credentials as permanent, without echoing them', async () => {
    const url = peer.url.replace('secret12', 'wrongpw');
    const result = failure(await sender({ url }).send({ id: 's', to: TO, body: OTP_TEXT }));
    assert.deepEqual(result, { retryable: false, error: 'smpp bind rejected 0x0000000e' });
  });

  it('calls an unreachable SMSC retryable', async () => {
    const url = `smpp://ninsho:secret12@127.0.0.1:${await closedPort()}`;
    assert.deepEqual(failure(await sender({ url }).send({ id: 's', to: TO, body: OTP_TEXT })), {
      retryable: true,
      error: 'smpp connect failed ECONNREFUSED',
    });
  });

  it('maps throttling and a full queue to retryable, other statuses to permanent', async () => {
    const smpp = sender();
    peer.failNext(1, 0x58);
    peer.failNext(1, 0x14);
    peer.failNext(1, 0x45);
    const results = [];
    for (let i = 0; i < 3; i += 1) results.push(failure(await smpp.send({ id: 's', to: TO, body: OTP_TEXT })));
    assert.deepEqual(results, [
      { retryable: true, error: 'smpp submit_sm status 0x00000058' },
      { retryable: true, error: 'smpp submit_sm status 0x00000014' },
      { retryable: false, error: 'smpp submit_sm status 0x00000045' },
    ]);
  });

  it('times out a submit the SMSC never answers, and keeps working', async () => {
    const smpp = sender({ sendTimeoutMs: 200 });
    peer.silenceNext(1);
    assert.deepEqual(failure(await smpp.send({ id: 's', to: TO, body: OTP_TEXT })), {
      retryable: true,
      error: 'smpp timeout',
    });
    providerId(await smpp.send({ id: 's2', to: TO, body: OTP_TEXT }));
  });

  it('re-binds after the SMSC drops the connection, and the next send goes through', async () => {
    const smpp = sender({ reconnectMinMs: 20 });
    providerId(await smpp.send({ id: 'sms_1', to: TO, body: OTP_TEXT }));
    await peer.dropConnections();
    await eventually(() => peer.binds().length === 2);
    providerId(await smpp.send({ id: 'sms_2', to: TO, body: OTP_TEXT }));
    assert.equal(peer.received().length, 2);
  });

  it('resends once on a fresh bind when the link dies under a submit', async () => {
    const smpp = sender({ reconnectMinMs: 20 });
    providerId(await smpp.send({ id: 'sms_1', to: TO, body: OTP_TEXT }));
    await peer.dropConnections();
    providerId(await smpp.send({ id: 'sms_2', to: TO, body: OTP_TEXT }));
    assert.equal(peer.received().length, 2);
    assert.equal(peer.binds().length, 2);
  });

  it('turns deliver_sm receipts into delivery reports and acknowledges them', async () => {
    const reports: SmsDeliveryReport[] = [];
    const smpp = sender({ onDeliveryReport: (report) => void reports.push(report) });
    const delivered = providerId(await smpp.send({ id: 'sms_1', to: TO, body: OTP_TEXT }));
    const undelivered = providerId(await smpp.send({ id: 'sms_2', to: TO, body: OTP_TEXT }));
    await peer.sendReceipt(delivered, 'DELIVRD');
    await peer.sendReceipt(undelivered, 'UNDELIV', { withTlvs: true, err: '034' });
    await eventually(() => reports.length === 2);
    assert.deepEqual(reports, [
      { providerMessageId: delivered, status: 'delivered', detail: 'stat:DELIVRD err:000' },
      { providerMessageId: undelivered, status: 'failed', detail: 'stat:UNDELIV err:034' },
    ]);
    assert.equal(peer.seen('deliver_sm_resp'), 2);
  });

  it('survives a delivery-report listener that throws', async () => {
    const smpp = sender({
      onDeliveryReport: () => {
        throw new Error('listener bug');
      },
    });
    const id = providerId(await smpp.send({ id: 'sms_1', to: TO, body: OTP_TEXT }));
    await peer.sendReceipt(id, 'DELIVRD');
    providerId(await smpp.send({ id: 'sms_2', to: TO, body: OTP_TEXT }));
  });

  it('keeps the session alive with enquire_link', async () => {
    const smpp = sender({ enquireLinkMs: 25 });
    providerId(await smpp.send({ id: 'sms_1', to: TO, body: OTP_TEXT }));
    await eventually(() => peer.seen('enquire_link') >= 2);
  });

  it('unbinds on close and refuses to send afterwards', async () => {
    const smpp = sender();
    providerId(await smpp.send({ id: 'sms_1', to: TO, body: OTP_TEXT }));
    await smpp.close();
    assert.equal(peer.seen('unbind'), 1);
    assert.deepEqual(failure(await smpp.send({ id: 's', to: TO, body: OTP_TEXT })), {
      retryable: true,
      error: 'smpp sender closed',
    });
  });
});
