import { formatAmount } from '../../../core/format.ts';
import type { Signed } from '../../console/guard.tsx';
import { withLang } from '../../console/http.ts';
import { Hidden, Scroll } from '../../console/layout.tsx';
import type { HistoryItem } from '../../portal/service/history.ts';
import { DESCRIBED_CURRENCIES } from '../service/amounts.ts';
import type { QueueFilter, QueueRow } from '../service/queries.ts';
import { CASE_STATES } from '../service/states.ts';
import { casePath, Field, jst, labelIn, SOURCE_LABEL, STATE_LABEL, stateLabel, tl } from './parts.tsx';

export function QueueView(props: {
  s: Signed;
  rows: QueueRow[];
  filter: QueueFilter;
  investigators: { id: string; username: string }[];
}) {
  const { s, rows, filter } = props;
  const l = tl(s);
  return (
    <>
      {s.op.role === 'investigator' ? (
        <p>
          <a href={withLang(s.lang, '/console/cases/new')}>
            {l('電話・窓口の届出から調査を開始', 'Open a case for a phone or branch report')}
          </a>
        </p>
      ) : null}
      <form class="inline" method="get" action="/console/cases" id="queue-filter">
        {s.lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
        <Field id="state" label={l('状態', 'State')}>
          <select id="state" name="state">
            <option value="open" selected={filter.state === 'open'}>
              {l('終了以外', 'Not closed')}
            </option>
            <option value="" selected={filter.state === ''}>
              {l('すべて', 'All')}
            </option>
            {CASE_STATES.map((v) => (
              <option value={v} selected={filter.state === v}>
                {STATE_LABEL[v][s.lang]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="assignee" label={l('担当', 'Assignee')}>
          <select id="assignee" name="assignee">
            <option value="">{l('全員', 'Anyone')}</option>
            <option value="none" selected={filter.assignee === 'none'}>
              {l('未割当', 'Unassigned')}
            </option>
            {props.investigators.map((i) => (
              <option value={i.id} selected={filter.assignee === i.id}>
                {i.username}
              </option>
            ))}
          </select>
        </Field>
        <div class="field">
          <label>
            <input type="checkbox" name="overdue" value="1" checked={filter.overdue} />{' '}
            {l('期限超過のみ', 'Overdue only')}
          </label>
        </div>
        <button type="submit">{l('絞り込み', 'Filter')}</button>
      </form>
      <Scroll>
        <table id="case-queue">
          <thead>
            <tr>
              <th>{l('調査番号（会員の受付番号）', 'Case (member reference)')}</th>
              <th>{l('会員', 'Member')}</th>
              <th>{l('経路', 'Source')}</th>
              <th>{l('状態', 'State')}</th>
              <th>{l('担当', 'Assignee')}</th>
              <th>{l('経過日数', 'Days open')}</th>
              <th>{l('争議期限まで', 'Dispute window')}</th>
              <th>{l('回答期限', 'Member due')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr data-case-id={r.id} class={r.overdue ? 'overdue' : undefined}>
                <td>
                  <a href={withLang(s.lang, casePath(r.id))}>{r.reference}</a>
                  {r.memberReference !== r.reference ? <span class="member-ref"> ({r.memberReference})</span> : null}
                  {r.overdue ? <strong> {l('期限超過', 'Overdue')}</strong> : null}
                </td>
                <td>
                  {r.enetId} {r.memberName}
                </td>
                <td>{labelIn(SOURCE_LABEL, s, r.source)}</td>
                <td>{stateLabel(s, r.state)}</td>
                <td>{r.assignee ?? '—'}</td>
                <td>{r.daysOpen}</td>
                <td>
                  {r.disputeWindowEndsOn
                    ? `${r.disputeWindowEndsOn} (${r.daysToDisputeEnd ?? ''}${l('日', 'd')})`
                    : '—'}
                </td>
                <td>{r.nextCooperationDue ?? '—'}</td>
              </tr>
            ))}
            {rows.length === 0 ? (
              <tr>
                <td colspan={8}>{l('該当する調査はありません', 'No cases')}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </Scroll>
    </>
  );
}

/** An investigator opens a case for a phone or branch report (terms art. 5-2). */
export function NewCaseView(props: { s: Signed; enetId: string; history: HistoryItem[] | undefined; error?: string }) {
  const { s, history } = props;
  const l = tl(s);
  return (
    <>
      <form class="inline" method="get" action="/console/cases/new">
        {s.lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
        <Field id="find-enet" label="e-net ID">
          <input id="find-enet" name="enetId" value={props.enetId} required />
        </Field>
        <button type="submit">{l('会員の取引を表示', "Show the member's transactions")}</button>
      </form>
      {props.error ? <p class="notice alert">{props.error}</p> : null}
      {history ? (
        <form method="post" action={withLang(s.lang, '/console/cases')} id="new-case">
          <Hidden csrf={s.csrf} />
          <input type="hidden" name="enetId" value={props.enetId} />
          <Field id="source" label={l('届出の経路', 'Reported by')}>
            <select id="source" name="source">
              <option value="phone">{l('電話', 'Phone')}</option>
              <option value="branch">{l('窓口', 'Branch')}</option>
            </select>
          </Field>
          <Field id="reportedAt" label={l('届出日時（JST、空欄は現在）', 'Reported at (JST; empty = now)')}>
            <input id="reportedAt" name="reportedAt" type="datetime-local" />
          </Field>
          <Field id="summary" label={l('届出の内容', 'What the member reported')}>
            <textarea id="summary" name="summary" required maxlength={2000} />
          </Field>
          <h2>{l('当社で認証した取引', 'Purchases we authenticated')}</h2>
          {history.length === 0 ? <p>{l('認証の記録がありません', 'No authentications on record')}</p> : null}
          {history.map((h, i) => (
            <div>
              <input id={`txn-${i}`} type="checkbox" name="txn" value={h.acsTransID} />{' '}
              <label for={`txn-${i}`}>
                {jst(h.at)} {h.merchantName} {formatAmount(h.amount, h.currency, h.exponent, s.lang)} ({h.outcome})
              </label>
            </div>
          ))}
          <h2>{l('当社に記録のない取引（明細から）', 'Purchases we never saw (from the statement)')}</h2>
          {[1, 2].map((n) => (
            <div class="inline">
              <Field id={`d${n}-on`} label={l('利用日', 'Date')}>
                <input id={`d${n}-on`} name={`d${n}_on`} type="date" />
              </Field>
              <Field id={`d${n}-merchant`} label={l('加盟店', 'Merchant')}>
                <input id={`d${n}-merchant`} name={`d${n}_merchant`} />
              </Field>
              <Field id={`d${n}-amount`} label={l('金額', 'Amount')}>
                <input id={`d${n}-amount`} name={`d${n}_amount`} inputmode="decimal" />
              </Field>
              <Field id={`d${n}-currency`} label={l('通貨', 'Currency')}>
                <select id={`d${n}-currency`} name={`d${n}_currency`}>
                  {Object.keys(DESCRIBED_CURRENCIES).map((c) => (
                    <option value={c}>{c}</option>
                  ))}
                </select>
              </Field>
              <Field id={`d${n}-description`} label={l('補足', 'Note')}>
                <input id={`d${n}-description`} name={`d${n}_description`} />
              </Field>
            </div>
          ))}
          <button type="submit">{l('調査を開始', 'Open the case')}</button>
        </form>
      ) : null}
    </>
  );
}
