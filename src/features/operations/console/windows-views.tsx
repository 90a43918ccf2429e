import type { FC } from 'hono/jsx';
import type { Lang } from '../../../core/i18n.ts';
import type { Signed } from '../../console/guard.tsx';
import { withLang } from '../../console/http.ts';
import { FieldError, Hidden, t } from '../../console/layout.tsx';
import type { WindowState, WindowView } from '../service/windows-view.ts';
import { Field, isAdmin, jst, jstLocalValue, NoticeTextFields, type NoticeTextName } from './shared.tsx';

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

const ScopeSelect: FC<{ s: Signed; id: string; ranges: { id: string }[]; selected?: string | undefined }> = ({
  s,
  id,
  ranges,
  selected,
}) => (
  <select id={id} name="scope" required>
    {['all', 'sms', 'registration', ...ranges.map((r) => `range:${r.id}`)].map((scope) => (
      <option value={scope} selected={scope === selected}>
        {scopeLabel(s.lang, scope)}
      </option>
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

/** What an emergency stop's forms carry: the scope, the reason for the audit log and the notice's four texts. */
export type EmergencyValues = Record<'scope' | 'reason' | NoticeTextName, string>;

/** A refused emergency-stop form: what was typed and the message beside each field at fault. */
export interface EmergencyRefusal {
  values: EmergencyValues;
  errors: Partial<Record<keyof EmergencyValues, string>>;
}

/**
 * Hints, not text: the admin writes the notice of an emergency stop for the situation at hand (issue #18 item
 * 8), so nothing is prefilled that could go out unread. Each example is in its field's language.
 */
const EMERGENCY_HINTS: Record<NoticeTextName, string> = {
  title: '例: 本人認証サービスの一時停止について',
  body: '例: 障害のため、本人認証サービスを一時停止しています。再開しだいお知らせします。',
  titleEn: 'e.g. The authentication service is paused',
  bodyEn: 'e.g. The service is paused while we deal with a problem. We will announce when it resumes.',
};

export const WindowsPage: FC<{
  s: Signed;
  lists: { inForce: WindowView[]; upcoming: WindowView[]; past: WindowView[] };
  ranges: { id: string }[];
  now: Date;
  /** The emergency-stop form sent back with its refusals. */
  emergency?: EmergencyRefusal | undefined;
}> = ({ s, lists, ranges, now, emergency }) => {
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
            {emergency ? (
              <p class="notice alert" role="alert" id="emergency-refused">
                {l(
                  '入力内容に不足があります。各項目の下の説明を確認してください。',
                  'Some fields need attention; see the message under each.',
                )}
              </p>
            ) : null}
            <p class="notice alert">
              {l(
                '次の画面で停止する範囲を確認してから開始します。開始するとただちに停止します（予告なし）。お知らせは /notices に掲載されます。',
                'The next screen spells out what stops and asks you to confirm. Once started it takes effect at once, without notice. The notice goes on /notices.',
              )}
            </p>
            <Field id="em-scope" label={l('範囲', 'Scope')}>
              <ScopeSelect s={s} id="em-scope" ranges={ranges} selected={emergency?.values.scope} />
            </Field>
            <Field id="em-reason" label={l('理由（監査ログ用）', 'Reason (for the audit log)')}>
              <input
                id="em-reason"
                name="reason"
                required
                maxlength={500}
                value={emergency?.values.reason ?? ''}
                aria-invalid={emergency?.errors.reason ? 'true' : undefined}
                aria-describedby={emergency?.errors.reason ? 'em-reason-error' : undefined}
              />
              <FieldError id="em-reason-error" text={emergency?.errors.reason} />
            </Field>
            <p class="muted" id="em-notice-hint">
              {l(
                '会員へのお知らせは、いまの状況に合わせて書いてください（ひな形はありません）。',
                'Write the notice to members for the situation at hand (there is no template).',
              )}
            </p>
            <NoticeTextFields
              s={s}
              prefix="em"
              values={emergency?.values}
              errors={emergency?.errors}
              placeholders={EMERGENCY_HINTS}
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

/** What stops, in words, for the confirmation step of an emergency stop (src/core/suspension.ts). */
const STOPS: Record<string, [string, string]> = {
  all: [
    'すべての本人認証（チャレンジ・SMS の確認コード・電話番号の登録と変更）がただちに止まります。',
    'Every authentication (challenges, SMS codes, phone registration and changes) stops at once.',
  ],
  sms: [
    'ワンタイムパスワードの SMS 送信がただちに止まります。チャレンジ中の会員には確認コードが届かず、その旨が表示されます。e-net での電話番号の登録・変更もできなくなります。',
    'Sending one-time passwords by SMS stops at once: members in a challenge get no code and are told so. Registering and changing phone numbers in e-net stops too.',
  ],
  registration: [
    'e-net での電話番号の登録・変更がただちに止まります。本人認証（チャレンジ）は続きます。',
    'Registering and changing phone numbers in e-net stops at once. Authentication (challenges) goes on.',
  ],
};

/**
 * What the ACS answers the 3DS Server while the stop lasts (src/core/decision.ts; docs/emv-codes.md §3, §4:
 * U with reason 22, sent as 12 to a 2.1.0 peer).
 */
function answerWhileStopped(scope: string, lang: Lang): string {
  const l = t(lang);
  const u22 = l(
    '「認証できず」（transStatus U、理由コード 22「サービス停止中」。メッセージ版 2.1.0 では理由コード 12）',
    '"could not authenticate" (transStatus U, reason 22 "service paused"; reason 12 in message version 2.1.0)',
  );
  if (scope === 'all')
    return l(
      `以後の認証要求（AReq）にはすべて${u22}と応答します。`,
      `Every authentication request (AReq) is answered ${u22}.`,
    );
  if (scope === 'sms')
    return l(
      `チャレンジが必要な認証要求（AReq）には${u22}と応答します。`,
      `Authentication requests (AReq) that need a challenge are answered ${u22}.`,
    );
  if (scope.startsWith('range:'))
    return l(
      `このカード範囲のカードの認証要求（AReq）にはすべて${u22}と応答します。`,
      `Every authentication request (AReq) for a card in this range is answered ${u22}.`,
    );
  return l('認証要求（AReq）への応答は変わりません。', 'Answers to authentication requests (AReq) do not change.');
}

/**
 * The confirmation step of an emergency stop (terms art. 11-1): the scope spelled out (what stops, what the ACS
 * answers, from when and until when, the notice that goes out), what was typed carried in hidden fields, and a
 * checkbox the admin must tick; nothing stops until this form is sent with it ticked.
 */
export const EmergencyConfirm: FC<{
  s: Signed;
  values: EmergencyValues;
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
        <dl id="emergency-effects" class="effects">
          <dt>{l('止まるもの', 'What stops')}</dt>
          <dd id="emergency-stops">
            {stops
              ? l(stops[0], stops[1])
              : l(
                  `${scope} のカードの本人認証がただちに止まります。`,
                  `Authentication of the cards in ${scope} stops at once.`,
                )}
          </dd>
          <dt>{l('加盟店への応答', 'What the ACS answers')}</dt>
          <dd id="emergency-answer">{answerWhileStopped(values.scope, s.lang)}</dd>
          <dt>{l('いつから・いつまで', 'From when, until when')}</dt>
          <dd id="emergency-when">
            {l(
              '下の「緊急停止を開始する」を押した時点から、予告なしにただちに停止します。終了は自動ではなく、この運用画面の「停止中」の一覧で終了するまで続きます。終了すると再開のお知らせが掲載されます。',
              'From the moment you press "Start the emergency stop" below, at once and without notice. It does not end by itself: it lasts until ended in the "In force now" list of this page, which publishes a "resumed" notice.',
            )}
          </dd>
          <dt>{l('理由（監査ログ用）', 'Reason (for the audit log)')}</dt>
          <dd>{values.reason}</dd>
          <dt>{l('掲載するお知らせ', 'The notice published')}</dt>
          <dd id="emergency-notice">
            <p>
              {l(
                '開始と同時に、お知らせ（/notices）と e-net のホームに次の内容を掲載します。',
                'At the start, this goes on the notices page (/notices) and the e-net home:',
              )}
            </p>
            <p>
              <strong>{values.title}</strong>
            </p>
            <p class="pre-line">{values.body}</p>
            <p lang="en">
              <strong>{values.titleEn}</strong>
            </p>
            <p class="pre-line" lang="en">
              {values.bodyEn}
            </p>
          </dd>
        </dl>
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
