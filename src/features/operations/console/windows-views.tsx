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

function scopeLabel(lang: Lang, scope: string): string {
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
                '送信するとただちに停止します（予告なし）。お知らせは /notices に掲載されます。',
                'Takes effect at once, without notice. The notice goes on /notices.',
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
            <button type="submit" id="start-emergency">
              {l('緊急停止を開始する', 'Start the emergency stop')}
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
