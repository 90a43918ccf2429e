import type { ServiceDeps } from '../../../app/deps.ts';
import { ServiceError } from '../../../core/errors.ts';
import type { SmsSender, SmsSendResult } from '../../../core/ports.ts';
import { maskPhone, scrubText } from '../../../infra/crypto/mask.ts';
import { newId } from '../../../infra/ids.ts';
import { takeSlot } from '../../../infra/rate-limit.ts';
import { withTransaction } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import { insertGoLiveSmsTest } from '../../../storage/repositories/go-live-reads.ts';
import { insertSms } from '../../../storage/repositories/sms-messages.ts';
import { actorOf, type Principal } from '../../console/service/roles.ts';
import { normaliseJapaneseMobile } from '../../enrollment/phones.ts';

/** Test sends per operator per hour: enough to retry a typo, too few to spam anyone. */
export const SMS_TESTS_PER_HOUR = 5;
/** A provider that has not answered by then counts as failed (the page waits for it). */
export const SMS_TEST_TIMEOUT_MS = 10_000;

export interface SmsTestDeps extends ServiceDeps {
  /** The configured provider's sender (src/app/sms-sender.ts), the one the SMS job uses. */
  smsSender: SmsSender;
}

export interface SmsTestOutcome {
  id: string;
  ok: boolean;
  provider: string;
  phoneMasked: string;
  error: string | null;
}

/**
 * Sends one short test text to a number an admin typed (their own phone) straight through the configured SMS
 * sender, not through any member's challenge, then records the outcome: the text as an `sms_messages` row
 * (purpose `go_live_test`, so /dev/phone shows it and delivery reports find it) and the test with who sent it,
 * with its audit row in the same transaction. Bad input changes nothing; the number is only ever shown masked.
 */
export async function sendTestSms(deps: SmsTestDeps, by: Principal, phoneInput: string): Promise<SmsTestOutcome> {
  const phone = normaliseJapaneseMobile(phoneInput);
  if (!phone) throw new ServiceError('invalid', 'a Japanese mobile number (070/080/090) is required', 'phone');
  const at = deps.clock.now();
  const slot = await takeSlot(deps.db, deps.keys, `go-live-sms:${by.id}`, at, 3_600_000, SMS_TESTS_PER_HOUR);
  if (slot === undefined)
    throw new ServiceError('rate_limited', `at most ${SMS_TESTS_PER_HOUR} test sends an hour`, 'phone');
  const smsId = newId('sms', at.getTime());
  const body = `${deps.config.ISSUER_SHORT_NAME} 本人認証サービスのテスト送信です。返信は不要です。`;
  const result = await sendWithin(deps.smsSender, { id: smsId, to: phone, body }, SMS_TEST_TIMEOUT_MS);
  // Provider errors can quote the number they refused: scrubbed and cut short before they are stored or shown.
  const error = result.ok ? null : scrubText(result.error).slice(0, 200);
  const done = deps.clock.now();
  const outcome: SmsTestOutcome = {
    id: newId('glt', at.getTime()),
    ok: result.ok,
    provider: deps.smsSender.name,
    phoneMasked: maskPhone(phone),
    error,
  };
  await withTransaction(deps.db, async (trx) => {
    await insertSms(trx, {
      id: smsId,
      to_mac: deps.keys.mac('phone', phone),
      to_enc: deps.keys.encrypt(phone, 'phone'),
      to_masked: outcome.phoneMasked,
      body_enc: deps.keys.encrypt(body, 'sms'),
      purpose: 'go_live_test',
      acs_trans_id: null,
      provider: outcome.provider,
      provider_message_id: result.ok ? result.providerMessageId : null,
      status: result.ok ? 'sent' : 'failed',
      error,
      created_at: at,
      updated_at: done,
    });
    await insertGoLiveSmsTest(trx, {
      id: outcome.id,
      sms_id: smsId,
      operator_id: by.id,
      phone_enc: deps.keys.encrypt(phone, 'phone'),
      phone_masked: outcome.phoneMasked,
      provider: outcome.provider,
      ok: outcome.ok,
      error,
      created_at: at,
    });
    await appendAudit(trx, {
      actor: actorOf(by),
      action: 'go_live.sms_test',
      subjectType: 'sms',
      subjectId: smsId,
      after: { to: outcome.phoneMasked, provider: outcome.provider, ok: outcome.ok, error },
      at: done,
    });
  });
  return outcome;
}

async function sendWithin(
  sender: SmsSender,
  message: { id: string; to: string; body: string },
  timeoutMs: number,
): Promise<SmsSendResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<SmsSendResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, retryable: true, error: `no answer from the provider within ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
    timer.unref();
  });
  try {
    return await Promise.race([sender.send(message), timeout]);
  } catch (err) {
    return { ok: false, retryable: true, error: err instanceof Error ? err.name : 'Error' };
  } finally {
    clearTimeout(timer);
  }
}
