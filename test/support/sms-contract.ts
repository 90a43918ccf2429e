/**
 * The behaviour every `SmsSender` owes its callers, run against each implementation
 * (Twilio and SMPP loopbacks here, the database outbox elsewhere).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SmsSender, SmsSendResult } from '../../src/core/ports.ts';

export interface SmsContractSubject {
  sender: SmsSender;
  /** What the far side got, oldest first. */
  received: () => Promise<Array<{ to: string; body: string }>>;
  /** Stops the far side; the contract closes `sender` itself first. */
  close(): Promise<void>;
  /** Make the provider refuse the next send; leave out when the implementation cannot fail that way. */
  failNext?: (kind: 'transient' | 'permanent') => void;
}

/** Fits one UCS-2 segment (70 units), as a real OTP text should. */
export const OTP_TEXT = [
  '【テスト銀行】ご本人確認コード 123456',
  '他人に教えないでください',
  '',
  '@localhost #123456',
].join('\n');
const PHONE = '+819012345678';
const OTHER_PHONE = '+818098765432';

let sequence = 0;
function nextId(): string {
  sequence += 1;
  return `sms_contract_${sequence.toString().padStart(4, '0')}`;
}

function providerId(result: SmsSendResult): string {
  assert.ok(result.ok, `expected ok, got ${JSON.stringify(result)}`);
  assert.ok(result.providerMessageId.length > 0);
  return result.providerMessageId;
}

function assertRedacted(result: SmsSendResult, ...secrets: string[]): void {
  assert.equal(result.ok, false);
  if (result.ok) return;
  for (const secret of secrets) assert.ok(!result.error.includes(secret), 'error text leaks the number or the text');
}

export function smsContract(name: string, makeSubject: () => Promise<SmsContractSubject>): void {
  async function using(run: (subject: SmsContractSubject) => Promise<void>): Promise<void> {
    const subject = await makeSubject();
    try {
      await run(subject);
    } finally {
      await subject.sender.close();
      await subject.close();
    }
  }

  describe(`SmsSender contract: ${name}`, () => {
    it('delivers a Japanese OTP text exactly as written, to exactly that number', () =>
      using(async ({ sender, received }) => {
        providerId(await sender.send({ id: nextId(), to: PHONE, body: OTP_TEXT }));
        assert.deepEqual(await received(), [{ to: PHONE, body: OTP_TEXT }]);
      }));

    it('delivers a text longer than one segment intact', () =>
      using(async ({ sender, received }) => {
        const body = `${'ご利用ありがとうございます。'.repeat(12)}\n@localhost #654321`;
        providerId(await sender.send({ id: nextId(), to: PHONE, body }));
        assert.deepEqual(await received(), [{ to: PHONE, body }]);
      }));

    it('delivers GSM-7 text, extension characters included', () =>
      using(async ({ sender, received }) => {
        const body = 'Code 246810 [Ninsho] {x} ~ ^ | \\ €1 £2 @localhost #246810';
        providerId(await sender.send({ id: nextId(), to: PHONE, body }));
        assert.deepEqual(await received(), [{ to: PHONE, body }]);
      }));

    it('keeps two sends apart and in order', () =>
      using(async ({ sender, received }) => {
        providerId(await sender.send({ id: nextId(), to: PHONE, body: `${OTP_TEXT}\n1` }));
        providerId(await sender.send({ id: nextId(), to: OTHER_PHONE, body: `${OTP_TEXT}\n2` }));
        assert.deepEqual(await received(), [
          { to: PHONE, body: `${OTP_TEXT}\n1` },
          { to: OTHER_PHONE, body: `${OTP_TEXT}\n2` },
        ]);
      }));

    it('gives every accepted message its own provider id', () =>
      using(async ({ sender }) => {
        const ids: string[] = [];
        for (let i = 0; i < 3; i += 1)
          ids.push(providerId(await sender.send({ id: nextId(), to: PHONE, body: OTP_TEXT })));
        assert.equal(new Set(ids).size, 3);
      }));

    it('reports a transient provider failure as retryable, then recovers', (t) =>
      using(async ({ sender, received, failNext }) => {
        if (!failNext) return t.skip('implementation has no provider to fail');
        failNext('transient');
        const failed = await sender.send({ id: nextId(), to: PHONE, body: OTP_TEXT });
        assertRedacted(failed, PHONE, PHONE.slice(1), '123456');
        assert.equal(failed.ok === false && failed.retryable, true);
        providerId(await sender.send({ id: nextId(), to: PHONE, body: OTP_TEXT }));
        assert.equal((await received()).length, 1);
      }));

    it('reports a permanent provider failure as not retryable', (t) =>
      using(async ({ sender, failNext }) => {
        if (!failNext) return t.skip('implementation has no provider to fail');
        failNext('permanent');
        const failed = await sender.send({ id: nextId(), to: PHONE, body: OTP_TEXT });
        assertRedacted(failed, PHONE, PHONE.slice(1), '123456');
        assert.equal(failed.ok === false && failed.retryable, false);
      }));
  });
}
