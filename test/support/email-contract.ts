/**
 * The behaviour every `Mailer` owes its callers, run against each implementation
 * (an SMTP loopback here, the database outbox elsewhere).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EmailSendResult, Mailer } from '../../src/core/ports.ts';

export interface ReceivedEmail {
  to: string;
  subject: string;
  /** Line breaks as `\n`. */
  text: string;
  html?: string;
}

export interface EmailContractSubject {
  mailer: Mailer;
  /** What the far side got, oldest first. */
  received: () => Promise<ReceivedEmail[]>;
  /** Stops the far side; the contract closes `mailer` itself first. */
  close(): Promise<void>;
  /** Make the provider refuse the next message; leave out when the implementation cannot fail that way. */
  failNext?: (kind: 'transient' | 'permanent') => void;
}

const TO = 'taro.yamada@example.jp';
const SUBJECT = '【テスト銀行】本人認証サービスのご登録について（重要）';
const TEXT = [
  '山田 太郎 様',
  '',
  'いつもテスト銀行カードをご利用いただき、誠にありがとうございます。本人認証サービス（3Dセキュア）のご登録が完了しました。お心当たりのない場合は、裏面のお電話番号までご連絡ください。',
  'https://localhost:3000/portal?lang=ja&ref=mail',
  '',
  '※このメールは送信専用です。',
].join('\n');
const HTML = '<p>山田 太郎 様</p><p>ご登録が<strong>完了</strong>しました。</p>';

let sequence = 0;
function nextId(): string {
  sequence += 1;
  return `eml_contract_${sequence.toString().padStart(4, '0')}`;
}

function providerId(result: EmailSendResult): string {
  assert.ok(result.ok, `expected ok, got ${JSON.stringify(result)}`);
  assert.ok(result.providerMessageId.length > 0);
  return result.providerMessageId;
}

function assertRedacted(result: EmailSendResult): void {
  assert.equal(result.ok, false);
  if (result.ok) return;
  for (const secret of [TO, 'taro.yamada', SUBJECT, '山田']) {
    assert.ok(!result.error.includes(secret), 'error text leaks the address or the content');
  }
}

export function emailContract(name: string, makeSubject: () => Promise<EmailContractSubject>): void {
  async function using(run: (subject: EmailContractSubject) => Promise<void>): Promise<void> {
    const subject = await makeSubject();
    try {
      await run(subject);
    } finally {
      await subject.mailer.close();
      await subject.close();
    }
  }

  describe(`Mailer contract: ${name}`, () => {
    it('delivers a Japanese subject and body exactly as written, to exactly that address', () =>
      using(async ({ mailer, received }) => {
        providerId(await mailer.send({ id: nextId(), to: TO, subject: SUBJECT, text: TEXT }));
        assert.deepEqual(await received(), [{ to: TO, subject: SUBJECT, text: TEXT }]);
      }));

    it('carries an HTML alternative next to the text', () =>
      using(async ({ mailer, received }) => {
        providerId(await mailer.send({ id: nextId(), to: TO, subject: SUBJECT, text: TEXT, html: HTML }));
        assert.deepEqual(await received(), [{ to: TO, subject: SUBJECT, text: TEXT, html: HTML }]);
      }));

    it('keeps two messages apart and in order, each with its own provider id', () =>
      using(async ({ mailer, received }) => {
        const first = providerId(await mailer.send({ id: nextId(), to: TO, subject: `${SUBJECT} 1`, text: TEXT }));
        const second = providerId(
          await mailer.send({ id: nextId(), to: 'hanako@example.com', subject: `${SUBJECT} 2`, text: 'B' }),
        );
        assert.notEqual(first, second);
        assert.deepEqual(await received(), [
          { to: TO, subject: `${SUBJECT} 1`, text: TEXT },
          { to: 'hanako@example.com', subject: `${SUBJECT} 2`, text: 'B' },
        ]);
      }));

    it('reports a transient failure as retryable, then recovers', (t) =>
      using(async ({ mailer, received, failNext }) => {
        if (!failNext) return t.skip('implementation has no provider to fail');
        failNext('transient');
        const failed = await mailer.send({ id: nextId(), to: TO, subject: SUBJECT, text: TEXT });
        assertRedacted(failed);
        assert.equal(failed.ok === false && failed.retryable, true);
        providerId(await mailer.send({ id: nextId(), to: TO, subject: SUBJECT, text: TEXT }));
        assert.equal((await received()).length, 1);
      }));

    it('reports a permanent failure as not retryable', (t) =>
      using(async ({ mailer, failNext }) => {
        if (!failNext) return t.skip('implementation has no provider to fail');
        failNext('permanent');
        const failed = await mailer.send({ id: nextId(), to: TO, subject: SUBJECT, text: TEXT });
        assertRedacted(failed);
        assert.equal(failed.ok === false && failed.retryable, false);
      }));
  });
}
