import { latestGoLiveSmsTest, latestOkGoLiveSmsTest } from '../../../storage/repositories/go-live-reads.ts';
import { type GoLiveCheck, jstTime, texts } from './check.ts';

/** A test send counts this long. */
export const SMS_TEST_VALID_DAYS = 30;

const FIX = texts(
  'このページの「テスト送信」で自分の携帯電話番号に送り、届いたことを確かめる。',
  'Use "Send test" on this page to send one to your own mobile phone and check that it arrives.',
);

/** The configured SMS provider took a test send in the last 30 days (src/features/go-live/service/sms-test.ts). */
export const smsCheck: GoLiveCheck = {
  id: 'sms-provider',
  title: texts('SMS 送信事業者', 'SMS provider'),
  run: async ({ db, clock, smsProvider }) => {
    const since = new Date(clock.now().getTime() - SMS_TEST_VALID_DAYS * 86_400_000);
    const ok = await latestOkGoLiveSmsTest(db, smsProvider, since);
    const last = await latestGoLiveSmsTest(db, since);
    if (last && !last.ok && last.provider === smsProvider && (!ok || last.created_at > ok.created_at))
      return {
        status: 'fail',
        detail: texts(
          `${smsProvider} での直近のテスト送信（${last.phone_masked} 宛て）が失敗しました: ${last.error ?? '—'}`,
          `The last test send through ${smsProvider} (to ${last.phone_masked}) failed: ${last.error ?? '—'}`,
        ),
        fix: FIX,
      };
    if (!ok)
      return {
        status: 'fail',
        detail: texts(
          `過去 ${SMS_TEST_VALID_DAYS} 日に ${smsProvider} でのテスト送信の成功がありません。`,
          `No successful test send through ${smsProvider} in the last ${SMS_TEST_VALID_DAYS} days.`,
        ),
        fix: FIX,
      };
    const when = jstTime(ok.created_at);
    if (smsProvider === 'outbox')
      return {
        status: 'warn',
        detail: texts(
          `テスト送信は成功しましたが、outbox は開発用です（SMS は外に出ず /dev/phone に表示）。${ok.phone_masked} 宛て。`,
          `The test send succeeded, but outbox is for development (nothing leaves; /dev/phone shows it). To ${ok.phone_masked}.`,
        ),
        fix: texts(
          'SMS_PROVIDER に twilio または smpp を設定して再起動し、もう一度テスト送信。',
          'Set SMS_PROVIDER to twilio or smpp, restart, and send a test again.',
        ),
      };
    return {
      status: 'ok',
      detail: texts(
        `${smsProvider} でのテスト送信に成功（${ok.phone_masked} 宛て、${when}）。`,
        `A test send through ${smsProvider} succeeded (to ${ok.phone_masked}, ${when}).`,
      ),
    };
  },
};
