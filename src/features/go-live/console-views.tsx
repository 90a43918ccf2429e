import type { FC } from 'hono/jsx';
import type { Signed } from '../console/guard.tsx';
import { withLang } from '../console/http.ts';
import { Hidden, t } from '../console/layout.tsx';
import { type CheckStatus, jstTime, type Texts } from './checks/check.ts';
import type { ChecklistReport } from './checks/registry.ts';
import { SMS_TESTS_PER_HOUR } from './service/sms-test.ts';

export interface SmsFormState {
  /** The result of the test send just made (after the redirect). */
  sent?: 'ok' | 'failed' | undefined;
  /** Why the number was refused, shown beside the field. */
  error?: string | undefined;
}

const STATUS: Record<CheckStatus, [string, string]> = {
  ok: ['OK', 'OK'],
  warn: ['要確認', 'Check'],
  fail: ['NG', 'Not ready'],
};
const SYMBOL: Record<CheckStatus, string> = { ok: '●', warn: '▲', fail: '✕' };

const Badge: FC<{ s: Signed; status: CheckStatus }> = ({ s, status }) => (
  <span class={`st ${status}`}>
    {SYMBOL[status]} {t(s.lang)(...STATUS[status])}
  </span>
);

const pick = (s: Signed, x: Texts) => (s.lang === 'en' ? x.en : x.ja);

const SmsTestForm: FC<{ s: Signed; sms: SmsFormState }> = ({ s, sms }) => {
  const l = t(s.lang);
  return (
    <form class="inline" method="post" action={withLang(s.lang, '/console/go-live/sms-test')}>
      <Hidden csrf={s.csrf} />
      <div class="field">
        <label for="gl-phone">{l('自分の携帯電話番号', 'Your own mobile number')}</label>
        <input
          id="gl-phone"
          name="phone"
          type="tel"
          autocomplete="off"
          inputmode="tel"
          maxlength={20}
          required
          aria-invalid={sms.error ? 'true' : undefined}
          aria-describedby={sms.error ? 'gl-phone-error' : undefined}
        />
        {sms.error ? (
          <p id="gl-phone-error" class="notice alert" role="alert">
            {sms.error}
          </p>
        ) : null}
      </div>
      <button type="submit">{l('テスト送信', 'Send test')}</button>
      <p class="hint">
        {l(
          `番号は保存時に暗号化され、画面には伏せて表示します。1 時間に ${SMS_TESTS_PER_HOUR} 回まで。`,
          `The number is stored encrypted and only shown masked. At most ${SMS_TESTS_PER_HOUR} an hour.`,
        )}
      </p>
    </form>
  );
};

/** The checklist: overall status and time at the top, then each check with what was found and the fix. */
export const GoLivePage: FC<{ s: Signed; report: ChecklistReport; sms: SmsFormState }> = ({ s, report, sms }) => {
  const l = t(s.lang);
  const overall =
    report.overall === 'ok'
      ? l('すべての確認項目が OK です。本番を開始できます。', 'Every check is OK: ready to go live.')
      : report.overall === 'warn'
        ? l('要確認の項目があります。', 'Some checks need attention.')
        : l('NG の項目があります。本番開始の前に対処してください。', 'Some checks fail: fix them before going live.');
  return (
    <>
      <p id="overall" class={`notice ${report.overall === 'ok' ? 'info' : 'alert'}`} role="status">
        <Badge s={s} status={report.overall} /> {overall}
      </p>
      <p>
        {l('確認日時', 'Checked at')}:{' '}
        <time datetime={report.checkedAt.toISOString()}>{jstTime(report.checkedAt)}</time>{' '}
        <a href={withLang(s.lang, '/console/go-live')}>{l('再確認', 'Check again')}</a>
      </p>
      {sms.sent ? (
        <p class={`notice ${sms.sent === 'ok' ? 'info' : 'alert'}`} role="status">
          {sms.sent === 'ok'
            ? l(
                'テスト SMS を送信しました。携帯電話に届いたか確かめてください。',
                'Test SMS sent: check that it reached your phone.',
              )
            : l(
                'テスト SMS の送信に失敗しました（下の「SMS 送信事業者」を参照）。',
                'The test SMS failed (see "SMS provider" below).',
              )}
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th>{l('状態', 'Status')}</th>
            <th>{l('項目', 'Check')}</th>
            <th>{l('結果', 'Finding')}</th>
            <th>{l('対処', 'Fix')}</th>
          </tr>
        </thead>
        <tbody>
          {report.checks.map((c) => (
            <tr id={`check-${c.id}`} data-status={c.status}>
              <td>
                <Badge s={s} status={c.status} />
              </td>
              <th scope="row">{pick(s, c.title)}</th>
              <td>{pick(s, c.detail)}</td>
              <td>
                {c.fix ? pick(s, c.fix) : '—'}
                {c.id === 'sms-provider' ? <SmsTestForm s={s} sms={sms} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
};
