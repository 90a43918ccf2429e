import { createSmppSender } from '../../src/infra/channels/sms/smpp.ts';
import { createTwilioSender } from '../../src/infra/channels/sms/twilio.ts';
import { startSmppPeer } from '../support/peers/smpp-peer.ts';
import { startTwilioPeer } from '../support/peers/twilio-peer.ts';
import { smsContract } from '../support/sms-contract.ts';

smsContract('twilio (loopback Messages API)', async () => {
  const peer = await startTwilioPeer();
  const sender = createTwilioSender({
    accountSid: peer.accountSid,
    authToken: peer.authToken,
    from: '+15005550006',
    apiBase: peer.apiBase,
    statusCallbackUrl: 'https://acs.example.jp/webhooks/twilio/status',
  });
  return {
    sender,
    received: async () => peer.received().map(({ to, body }) => ({ to, body })),
    failNext: (kind) => peer.failNext(1, kind === 'transient' ? 503 : 400),
    close: () => peer.close(),
  };
});

smsContract('smpp (loopback SMSC)', async () => {
  const peer = await startSmppPeer();
  const sender = createSmppSender({ url: peer.url, sourceAddr: 'TESTBANK' });
  return {
    sender,
    received: async () => peer.received().map(({ to, body }) => ({ to, body })),
    // 0x58 ESME_RTHROTTLED, 0x0B ESME_RINVDSTADR
    failNext: (kind) => peer.failNext(1, kind === 'transient' ? 0x58 : 0x0b),
    close: () => peer.close(),
  };
});
