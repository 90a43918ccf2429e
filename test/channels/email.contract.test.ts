import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSmtpMailer } from '../../src/infra/channels/email/smtp.ts';
import { emailContract } from '../support/email-contract.ts';
import { closedPort } from '../support/peers/closed-port.ts';
import { type SmtpPeer, startSmtpPeer } from '../support/peers/smtp-peer.ts';

const FROM = '"テスト銀行 本人認証" <no-reply@bank.example.jp>';

emailContract('smtp (loopback smtp-server)', async () => {
  const peer = await startSmtpPeer();
  const mailer = createSmtpMailer({ url: peer.url(), from: FROM });
  return {
    mailer,
    received: async () =>
      peer.received().map(({ to, subject, text, html }) => ({ to, subject, text, ...(html ? { html } : {}) })),
    failNext: (kind) => peer.failNext(1, kind === 'transient' ? 451 : 550),
    close: () => peer.close(),
  };
});

describe('smtp mailer', () => {
  let peer: SmtpPeer;
  before(async () => {
    peer = await startSmtpPeer();
  });
  after(() => peer.close());

  const message = { id: 'eml_01J9Z8', to: 'taro@example.jp', subject: '確認コード', text: '123456' };

  it('authenticates, sets the envelope and derives the Message-ID from our id', async () => {
    const mailer = createSmtpMailer({ url: peer.url(), from: FROM });
    const result = await mailer.send(message);
    await mailer.close();
    assert.deepEqual(result, { ok: true, providerMessageId: '<eml_01J9Z8@bank.example.jp>' });
    const mail = peer.received().at(-1);
    assert.equal(mail?.envelopeFrom, 'no-reply@bank.example.jp');
    assert.deepEqual(mail?.envelopeTo, ['taro@example.jp']);
    assert.equal(mail?.messageId, '<eml_01J9Z8@bank.example.jp>');
    assert.match(mail?.from ?? '', /テスト銀行 本人認証/);
    // headers stay 7-bit: the Japanese subject travels as RFC 2047 encoded words
    const head = mail?.raw.slice(0, mail.raw.indexOf('\r\n\r\n')) ?? '';
    assert.match(head, /^Subject: =\?UTF-8\?[BQ]\?/m);
    assert.ok(
      [...head].every((char) => char.charCodeAt(0) < 0x80),
      'non-ASCII in headers',
    );
  });

  it('treats rejected credentials as a permanent failure without echoing them', async () => {
    const mailer = createSmtpMailer({ url: peer.url('ninsho', 'wrong-pass'), from: FROM });
    const result = await mailer.send(message);
    await mailer.close();
    assert.equal(result.ok, false);
    assert.ok(!result.ok && !result.retryable && result.error.startsWith('smtp 535'));
    assert.ok(!result.ok && !result.error.includes('wrong-pass'));
  });

  it('treats a refused connection as retryable', async () => {
    const port = await closedPort();
    const mailer = createSmtpMailer({ url: `smtp://u:p@127.0.0.1:${port}`, from: FROM, timeoutMs: 2_000 });
    const result = await mailer.send(message);
    await mailer.close();
    assert.ok(!result.ok && result.retryable, JSON.stringify(result));
    assert.ok(!result.ok && !result.error.includes('taro'));
  });

  it('maps 4xx after DATA to retryable and 5xx after DATA to permanent', async () => {
    const mailer = createSmtpMailer({ url: peer.url(), from: FROM });
    peer.failNext(1, 452, 'data');
    const transient = await mailer.send(message);
    peer.failNext(1, 554, 'data');
    const permanent = await mailer.send(message);
    await mailer.close();
    assert.deepEqual(transient, { ok: false, retryable: true, error: 'smtp 452 EMESSAGE' });
    assert.deepEqual(permanent, { ok: false, retryable: false, error: 'smtp 554 EMESSAGE' });
  });
});
