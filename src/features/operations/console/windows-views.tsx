import type { FC } from 'hono/jsx';
import type { Lang } from '../../../core/i18n.ts';
import type { Signed } from '../../console/guard.tsx';
import { withLang } from '../../console/http.ts';
import { Hidden, t } from '../../console/layout.tsx';
import type { WindowState, WindowView } from '../service/windows-view.ts';
import { Field, isAdmin, jst, jstLocalValue, NoticeTextFields } from './shared.tsx';

const STATE: Record<WindowState, [string, string]> = {
  scheduled: ['予定（告知前）', 'scheduled (not yet announced)'],
  announced: ['告知中', 'announced'],
  in_force: ['停止中', 'in force'],
  ended: ['終了', 'ended'],
  cancelled: ['中止', 'cancelled'],
};

const SCOPE: Record<string, [string, string]> = {
  all: ['サービス全体', 'whole service'],
  sms: ['SMS 送信', 'SMS sending'],
  registration: ['電話番号の登録・変更', 'phone registration'],
};

export function scopeLabel(lang: Lang, scope: string): string {
  const known = SCOPE[scope];
  if (known) return lang === 'en' ? known[1] : known[0];
  return `${lang === 'en' ? 'card range' : 'カード範囲'} ${scope.slice(6)}`;
}

const ScopeSelect: FC<{ s: Signed; id: string; ranges: { id: string }[] }> = ({ s, id, ranges }) => (
  <select id={id} name="scope" required>
    {['all', 'sms', 'registration', ...ranges.map((r) => `range:${r.id}`)].map((scope) => (
      <option value={scope}>{scopeLabel(s.lang, scope)}</option>
    ))}
  </select>
);

const WindowTable: FC<{ s: Signed; rows: WindowView[]; id: string; action?: 'end' | 'cancel' }> = ({
  s,
  rows,
  id,
  action,
}) => {
  const l = t(s.lang);
  if (rows.length === 0) return <p id={id}>{l('ありません。', 'None.')}</p>;
  return (
    <table id={id}>
      <thead>
        <tr>
          <th>{l('種類', 'Kind')}</th>
          <th>{l('範囲', 'Scope')}</th>
          <th>{l('開始', 'Start')}</th>
          <th>{l('終了', 'End')}</th>
          <th>{l('告知', 'Notice from')}</th>
          <th>{l('状態', 'State')}</th>
          <th>{l('件名', 'Title')}</th>
          {action && isAdmin(s) ? <th /> : null}
        </tr>
      </thead>
      <tbody>
        {rows.map(({ row, state }) => (
          <tr data-window-id={row.id} data-state={state}>
            <td>{row.kind === 'emergency' ? l('緊急停止', 'emergency stop') : l('メンテナンス', 'maintenance')}</td>
            <td>{scopeLabel(s.lang, row.scope)}</td>
            <td>{jst(row.starts_at)}</td>
            <td>{row.ends_at ? jst(row.ends_at) : l('終了操作まで', 'until ended')}</td>
            <td>{jst(row.notice_from)}</td>
            <td class="state">{l(...STATE[state])}</td>
            <td>{s.lang === 'en' ? row.title_en : row.title}</td>
            {action && isAdmin(s) ? (
              <td>
                <form
                  class="inline"
                  method="post"
                  action={withLang(s.lang, `/console/operations/windows/${row.id}/${action}`)}
                >
                  <Hidden csrf={s.csrf} />
                  <input name="reason" aria-label={l('理由', 'Reason')} placeholder={l('理由', 'Reason')} required />
                  <button type="submit" name="do" value={action}>
                    {action === 'end' ? l('今すぐ終了', 'End now') : l('中止', 'Cancel')}
                  </button>
                </form>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
};

export const WindowsPage: FC<{
  s: Signed;
  lists: { inForce: WindowView[]; upcoming: WindowView[]; past: WindowView[] };
  ranges: { id: string }[];
  now: Date;
}> = ({ s, lists, ranges, now }) => {
  const l = t(s.lang);
  const start = new Date(Math.ceil((now.getTime() + 7 * 86_400_000) / 3_600_000) * 3_600_000);
  return (
    <>
      <p>
        {l(
          '停止中・予定のサービス停止（規約第11条）。メンテナンスは告知期間の開始時に /notices で自動的に告知され、時刻どおりに開始・終了します。',
          'Service pauses (terms art. 11). Maintenance is announced on /notices when its notice period begins, and starts and ends on time by itself.',
        )}
      </p>
      <h2>{l('停止中', 'In force now')}</h2>
      <WindowTable s={s} rows={lists.inForce} id="windows-in-force" action="end" />
      <h2>{l('予定', 'Upcoming')}</h2>
      <WindowTable s={s} rows={lists.upcoming} id="windows-upcoming" action="cancel" />
      <h2>{l('過去', 'Past')}</h2>
      <WindowTable s={s} rows={lists.past} id="windows-past" />
      {isAdmin(s) ? (
        <>
          <h2 id="emergency-h">{l('緊急停止を開始（規約第11条第1項）', 'Start an emergency stop (art. 11-1)')}</h2>
          <form method="post" action={withLang(s.lang, '/console/operations/emergency')} aria-labelledby="emergency-h">
            <Hidden csrf={s.csrf} />
            <p class="notice alert">
              {l(
                '次の画面で停止する範囲を確認してから開始します。開始するとただちに停止します（予告なし）。お知らせは /notices に掲載されます。',
                'The next screen spells out what stops and asks you to confirm. Once started it takes effect at once, without notice. The notice goes on /notices.',
              )}
            </p>
            <Field id="em-scope" label={l('範囲', 'Scope')}>
              <ScopeSelect s={s} id="em-scope" ranges={ranges} />
            </Field>
            <Field id="em-reason" label={l('理由（監査ログ用）', 'Reason (for the audit log)')}>
              <input id="em-reason" name="reason" required maxlength={500} />
            </Field>
            <NoticeTextFields
              s={s}
              prefix="em"
              values={{
                title: '本人認証サービスの緊急停止について',
                titleEn: 'Emergency stop of the authentication service',
                body: '障害対応のため、本人認証サービスを一時停止しています。ご不便をおかけし申し訳ございません。再開しだいお知らせします。',
                bodyEn:
                  'The authentication service is paused while we deal with a problem. We apologise for the inconvenience and will announce when it resumes.',
              }}
            />
            <button type="submit" id="review-emergency">
              {l('緊急停止の内容を確認する', 'Review the emergency stop')}
            </button>
          </form>
          <h2 id="schedule-h">{l('メンテナンスを予約（規約第11条第2項）', 'Schedule maintenance (art. 11-2)')}</h2>
          <form method="post" action={withLang(s.lang, '/console/operations/windows')} aria-labelledby="schedule-h">
            <Hidden csrf={s.csrf} />
            <Field id="mw-scope" label={l('範囲', 'Scope')}>
              <ScopeSelect s={s} id="mw-scope" ranges={ranges} />
            </Field>
            <Field id="mw-start" label={l('開始（日本時間）', 'Start (Japan time)')}>
              <input id="mw-start" name="startsAt" type="datetime-local" required value={jstLocalValue(start)} />
            </Field>
            <Field id="mw-end" label={l('終了（日本時間）', 'End (Japan time)')}>
              <input
                id="mw-end"
                name="endsAt"
                type="datetime-local"
                required
                value={jstLocalValue(new Date(start.getTime() + 2 * 3_600_000))}
              />
            </Field>
            <Field
              id="mw-notice"
              label={l('告知期間（時間、開始の何時間前から告知するか）', 'Notice period (hours before the start)')}
            >
              <input id="mw-notice" name="noticeHours" type="number" min={0} max={1440} step={1} required value="72" />
            </Field>
            <NoticeTextFields s={s} prefix="mw" />
            <button type="submit" id="schedule-window">
              {l('予約する', 'Schedule')}
            </button>
          </form>
        </>
      ) : null}
    </>
  );
};

/** What stops, in words, for the confirmation step of an emergency stop. */
const STOPS: Record<string, [string, string]> = {
  all: [
    'すべての本人認証（チャレンジ・SMS・電話番号の登録）がただちに止まり、以後の認証要求はすべて「認証できず」と応答します。',
    'Every authentication (challenges, SMS, phone registration) stops at once; every further request is answered "could not authenticate".',
  ],
  sms: ['ワンタイムパスワードの SMS 送信がただちに止まります。', 'Sending one-time passwords by SMS stops at once.'],
  registration: ['電話番号の登録・変更がただちに止まります。', 'Registering and changing phone numbers stops at once.'],
};

/**
 * The confirmation step of an emergency stop (terms art. 11-1): the scope spelled out, what was typed carried
 * in hidden fields, and a checkbox the admin must tick; nothing stops until this form is sent with it ticked.
 */
export const EmergencyConfirm: FC<{
  s: Signed;
  values: Record<'scope' | 'reason' | 'title' | 'titleEn' | 'body' | 'bodyEn', string>;
  error?: string | undefined;
}> = ({ s, values, error }) => {
  const l = t(s.lang);
  const scope = scopeLabel(s.lang, values.scope);
  const stops = STOPS[values.scope];
  return (
    <form method="post" action={withLang(s.lang, '/console/operations/emergency')} aria-labelledby="confirm-h">
      <Hidden csrf={s.csrf} />
      <input type="hidden" name="step" value="confirm" />
      {Object.entries(values).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <h2 id="confirm-h">{l('緊急停止の確認', 'Confirm the emergency stop')}</h2>
      <div class="notice alert">
        <p id="emergency-scope">
          {l('停止する範囲', 'Scope')}: <strong>{scope}</strong>
        </p>
        <p>
          {stops
            ? l(stops[0], stops[1])
            : l(
                `${scope} のカードの本人認証がただちに止まります。`,
                `Authentication of the cards in ${scope} stops at once.`,
              )}
        </p>
        <p>
          {l('理由（監査ログ用）', 'Reason (for the audit log)')}: {values.reason}
        </p>
        <p>
          {l('会員へのお知らせ', 'Notice to members')}: {values.title}
        </p>
      </div>
      <div class="field">
        <input
          type="checkbox"
          id="em-confirm"
          name="confirm"
          value="yes"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'em-confirm-error' : undefined}
        />{' '}
        <label for="em-confirm">
          {l(`「${scope}」をいますぐ停止することを確認しました`, `I confirm: stop "${scope}" now`)}
        </label>
        {error ? (
          <p class="err" id="em-confirm-error">
            {error}
          </p>
        ) : null}
      </div>
      <button type="submit" id="start-emergency">
        {l('緊急停止を開始する', 'Start the emergency stop')}
      </button>{' '}
      <a href={withLang(s.lang, '/console/operations')}>{l('やめる（停止しない）', 'Cancel (do not stop)')}</a>
    </form>
  );
};
