import { formatAmount } from '../../core/format.ts';
import {
  JOB_ATTEMPT_LABELS,
  JOB_STATUS_LABELS,
  labelOf,
  MESSAGE_TYPE_LABELS,
  outcomeLabel,
  SMS_PURPOSE_LABELS,
  SMS_STATUS_LABELS,
  TRANSACTION_STATE_LABELS,
} from '../../core/labels.ts';
import { appliedPolicy } from '../risk/applied-policy.ts';
import type { ConsoleRouteKey } from './access.ts';
import { auditHandlers } from './audit-routes.tsx';
import { dateHint, type FieldErrors, FilterForm, jstRange, queryValue } from './filters.tsx';
import type { Handler } from './guard.tsx';
import { withLang } from './http.ts';
import { fmt, Scroll, t } from './layout.tsx';
import { sendConsolePage } from './page.tsx';
import { RevealForm } from './reveal-routes.tsx';
import { RiskExplanation } from './risk-view.tsx';
import { searchTransactions, transactionFile } from './service/transactions.ts';

export const readHandlers = {
  'GET /console/transactions': async (c, s) => {
    const l = t(s.lang);
    const value = queryValue(c);
    const errors: FieldErrors = {};
    const range = jstRange(value, s.lang, errors);
    const invalid = Object.keys(errors).length > 0;
    const rows = invalid
      ? []
      : await searchTransactions(s.web.deps.db, {
          ...range,
          state: value('state') || undefined,
          merchant: value('merchant') || undefined,
          id: value('id') || undefined,
          cardRef: value('cardRef') || undefined,
        });
    const states = Object.keys(TRANSACTION_STATE_LABELS).map((k) => ({
      value: k,
      label: labelOf(TRANSACTION_STATE_LABELS, k, s.lang),
    }));
    return sendConsolePage(
      c,
      s,
      l('取引', 'Transactions'),
      <>
        <FilterForm
          s={s}
          path="/console/transactions"
          values={value}
          errors={errors}
          fields={[
            { name: 'from', label: l('開始日', 'From'), hint: dateHint(s.lang) },
            { name: 'to', label: l('終了日（この日を含む）', 'To (inclusive)'), hint: dateHint(s.lang) },
            { name: 'state', label: l('状態', 'State'), options: states },
            { name: 'merchant', label: l('加盟店名', 'Merchant name') },
            { name: 'id', label: l('取引 ID', 'Transaction ID') },
            { name: 'cardRef', label: l('カード参照番号', 'Card reference') },
          ]}
        />
        {invalid ? null : (
          <Scroll>
            <table id="transactions">
              <thead>
                <tr>
                  <th scope="col">{l('日時', 'Time')}</th>
                  <th scope="col">{l('加盟店', 'Merchant')}</th>
                  <th scope="col">{l('金額', 'Amount')}</th>
                  <th scope="col">{l('状態', 'State')}</th>
                  <th scope="col">{l('結果', 'Result')}</th>
                  <th scope="col">ECI</th>
                  <th scope="col">e-net ID</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <td class="nowrap">
                      <a href={withLang(s.lang, `/console/transactions/${r.acs_trans_id}`)}>{fmt(r.created_at)}</a>
                    </td>
                    <td>{r.merchant_name ?? ''}</td>
                    <td class="nowrap amount">
                      {formatAmount(r.purchase_amount, r.purchase_currency, r.purchase_exponent, s.lang)}
                    </td>
                    <td>{labelOf(TRANSACTION_STATE_LABELS, r.state, s.lang)}</td>
                    <td>{outcomeLabel(r.trans_status, r.trans_status_reason, s.lang)}</td>
                    <td class="nowrap">{r.eci ?? ''}</td>
                    <td class="nowrap">{r.enet_id ?? ''}</td>
                  </tr>
                ))}
                {rows.length === 0 ? (
                  <tr>
                    <td colspan={7}>{l('該当する取引はありません。', 'No matching transactions.')}</td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </Scroll>
        )}
      </>,
      { status: invalid ? 400 : 200 },
    );
  },
  'GET /console/transactions/:id': async (c, s) => {
    const l = t(s.lang);
    const f = await transactionFile(s.web.deps.db, c.req.param('id') ?? '');
    const x = f.txn;
    const state = (v: string | null) => labelOf(TRANSACTION_STATE_LABELS, v, s.lang);
    return sendConsolePage(
      c,
      s,
      `${l('取引', 'Transaction')} ${x.acs_trans_id}`,
      <>
        <Scroll>
          <table id="transaction">
            <tbody>
              <tr>
                <th scope="row">{l('日時', 'Time')}</th>
                <td>{fmt(x.created_at)}</td>
              </tr>
              <tr>
                <th scope="row">{l('加盟店', 'Merchant')}</th>
                <td>{x.merchant_name ?? ''}</td>
              </tr>
              <tr>
                <th scope="row">{l('金額', 'Amount')}</th>
                <td id="amount">{formatAmount(x.purchase_amount, x.purchase_currency, x.purchase_exponent, s.lang)}</td>
              </tr>
              <tr>
                <th scope="row">{l('状態', 'State')}</th>
                <td id="state">{state(x.state)}</td>
              </tr>
              <tr>
                <th scope="row">{l('結果', 'Result')}</th>
                <td id="result">{outcomeLabel(x.trans_status, x.trans_status_reason, s.lang)}</td>
              </tr>
              <tr>
                <th scope="row">e-net ID</th>
                <td>
                  {x.enet_id ? (
                    <a href={withLang(s.lang, `/console/members/${encodeURIComponent(x.enet_id)}`)}>{x.enet_id}</a>
                  ) : (
                    ''
                  )}
                </td>
              </tr>
              <tr>
                <th scope="row">ECI / CAVV</th>
                <td>
                  {x.eci ?? ''} / {x.cavv ? `${x.cavv.slice(0, 4)}…` : ''}
                </td>
              </tr>
              <tr>
                <th scope="row">threeDSServerTransID</th>
                <td class="nowrap">{x.three_ds_server_trans_id}</td>
              </tr>
              <tr>
                <th scope="row">dsTransID</th>
                <td class="nowrap">{x.ds_trans_id ?? ''}</td>
              </tr>
            </tbody>
          </table>
        </Scroll>
        <RiskExplanation
          x={x}
          lang={s.lang}
          policy={x.risk_decision ? await appliedPolicy(s.web.deps.db, x.risk_policy_version) : undefined}
        />
        <h2>{l('状態の推移', 'Timeline')}</h2>
        <Scroll>
          <table>
            <thead>
              <tr>
                <th scope="col">{l('日時', 'Time')}</th>
                <th scope="col">{l('変化', 'Change')}</th>
                <th scope="col">{l('詳細', 'Detail')}</th>
              </tr>
            </thead>
            <tbody>
              {f.events.map((e) => (
                <tr>
                  <td class="nowrap">{fmt(e.at)}</td>
                  <td>
                    {e.from_state ? `${state(e.from_state)} → ` : ''}
                    {state(e.to_state)}
                  </td>
                  <td>{e.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
        <h2>{l('メッセージ', 'Messages')}</h2>
        <Scroll>
          <table>
            <thead>
              <tr>
                <th scope="col">{l('日時', 'Time')}</th>
                <th scope="col">{l('種類', 'Type')}</th>
                <th scope="col">{l('内容', 'Body')}</th>
              </tr>
            </thead>
            <tbody>
              {f.messages.map((m) => (
                <tr>
                  <td class="nowrap">{fmt(m.created_at)}</td>
                  <td class="nowrap">
                    {m.direction === 'in' ? l('受信', 'in') : l('送信', 'out')}{' '}
                    {labelOf(MESSAGE_TYPE_LABELS, m.message_type, s.lang)}
                  </td>
                  <td>
                    <pre>{JSON.stringify(m.body, null, 1)}</pre>
                    {m.sealed ? <RevealForm s={s} acsTransId={x.acs_trans_id} messageId={m.id} /> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
        <h2>SMS</h2>
        <Scroll>
          <table>
            <thead>
              <tr>
                <th scope="col">{l('日時', 'Time')}</th>
                <th scope="col">{l('宛先', 'To')}</th>
                <th scope="col">{l('用途', 'Purpose')}</th>
                <th scope="col">{l('送信事業者', 'Provider')}</th>
                <th scope="col">{l('状態', 'Status')}</th>
                <th scope="col">{l('エラー', 'Error')}</th>
              </tr>
            </thead>
            <tbody>
              {f.sms.map((m) => (
                <tr>
                  <td class="nowrap">{fmt(m.created_at)}</td>
                  <td class="nowrap">{m.to_masked}</td>
                  <td>{labelOf(SMS_PURPOSE_LABELS, m.purpose, s.lang)}</td>
                  <td>{m.provider ?? ''}</td>
                  <td>{labelOf(SMS_STATUS_LABELS, m.status, s.lang)}</td>
                  <td>{m.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
        <h2>{l('結果通知（RReq）の送信', 'RReq delivery')}</h2>
        <Scroll>
          <table>
            <thead>
              <tr>
                <th scope="col">{l('ジョブ', 'Job')}</th>
                <th scope="col">{l('状態・日時', 'Status / time')}</th>
                <th scope="col">{l('試行', 'Attempts')}</th>
                <th scope="col">{l('完了', 'Done')}</th>
                <th scope="col">{l('エラー', 'Error')}</th>
              </tr>
            </thead>
            <tbody>
              {f.jobs.map((j) => (
                <tr>
                  <td class="nowrap">{j.id}</td>
                  <td>{labelOf(JOB_STATUS_LABELS, j.status, s.lang)}</td>
                  <td>{j.attempts}</td>
                  <td class="nowrap">{fmt(j.done_at)}</td>
                  <td>{j.last_error ?? ''}</td>
                </tr>
              ))}
              {f.attempts.map((a) => (
                <tr>
                  <td class="nowrap">{a.job_id}</td>
                  <td class="nowrap">{fmt(a.at)}</td>
                  <td>{labelOf(JOB_ATTEMPT_LABELS, a.outcome, s.lang)}</td>
                  <td colspan={2}>{a.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      </>,
    );
  },
  ...auditHandlers,
} satisfies Partial<Record<ConsoleRouteKey, Handler>>;
