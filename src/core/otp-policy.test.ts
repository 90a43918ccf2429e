import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mayResend, normaliseSubmittedCode, otpTtlMs } from './otp-policy.ts';
import { purchaseSmsText, UCS2_SEGMENT } from './sms-text.ts';

const now = new Date('2026-11-25T03:00:00Z');
const counts = {
  sendsForTransaction: 1,
  lastSentAt: new Date(now.getTime() - 61_000),
  sendsToPhoneLast24h: 1,
  sendsFromIpLastHour: 0,
};

test('resend rules: cooldown, per-transaction, per-phone and per-IP caps', () => {
  assert.equal(mayResend(counts, now), undefined);
  assert.deepEqual(mayResend({ ...counts, lastSentAt: new Date(now.getTime() - 10_000) }, now), {
    reason: 'cooldown',
    secondsLeft: 50,
  });
  assert.deepEqual(mayResend({ ...counts, sendsForTransaction: 3 }, now), { reason: 'transaction_limit' });
  assert.deepEqual(mayResend({ ...counts, sendsToPhoneLast24h: 10 }, now), { reason: 'phone_daily_limit' });
  assert.deepEqual(mayResend({ ...counts, sendsFromIpLastHour: 20 }, now), { reason: 'ip_limit' });
});

test('validity is configurable but never above 10 minutes', () => {
  assert.equal(otpTtlMs(300), 300_000);
  assert.equal(otpTtlMs(3600), 600_000);
});

test('submitted codes: half-width, full-width and spaced digits; anything else is not a code', () => {
  assert.equal(normaliseSubmittedCode('123456'), '123456');
  assert.equal(normaliseSubmittedCode('１２３４５６'), '123456');
  assert.equal(normaliseSubmittedCode(' 123 456 '), '123456');
  for (const bad of ['12345', '1234567', 'abcdef', '12345６x', ''])
    assert.equal(normaliseSubmittedCode(bad), undefined);
});

test('the purchase SMS fits one UCS-2 segment for a typical purchase and keeps the WebOTP line last', () => {
  const text = purchaseSmsText({
    issuerShortName: 'ninshoカード',
    merchantName: 'Example Electronics',
    amount: '¥129,800',
    code: '493817',
    validMinutes: 5,
    host: 'acs.example.jp',
  });
  assert.ok([...text].length <= UCS2_SEGMENT, `${[...text].length}: ${text}`);
  assert.ok(text.endsWith('@acs.example.jp #493817'));
  assert.match(text, /493817/);
  assert.match(text, /Example E/);
  assert.match(text, /教えないでください/);
});
