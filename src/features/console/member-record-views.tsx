import { auditActionLabel } from '../../core/audit-labels.ts';
import { formatAmount } from '../../core/format.ts';
import {
  ENROLLMENT_LABELS,
  ENROLLMENT_REASON_LABELS,
  FRAUD_REPORT_STATUS_LABELS,
  labelOf,
  outcomeLabel,
  SESSION_END_LABELS,
  TRANSACTION_STATE_LABELS,
} from '../../core/labels.ts';
import { TrustedMerchantsSection } from '../risk/trusted-console-view.tsx';
import type { Signed } from './guard.tsx';
import { withLang } from './http.ts';
import { fmt, Scroll, t } from './layout.tsx';
import { actorName } from './service/audit-log.ts';
import type { MemberFile } from './service/members.ts';

/**
 * The member's records on the member page: enrollment history, recent authentications, e-net sessions, fraud
 * reports, terms acceptances and the audit trail (read-only; the actions are in member-views.tsx).
 */
export function MemberRecords({ s, file }: { s: Signed; file: MemberFile }) {
  const l = t(s.lang);
  return (
    <>
      <h2>{l('登録状態の履歴', 'Enrollment history')}</h2>
      <Scroll>
        <table id="enrollment-history">
          <thead>
            <tr>
              <th scope="col">{l('日時', 'Time')}</th>
              <th scope="col">{l('変化', 'Change')}</th>
              <th scope="col">{l('理由', 'Reason')}</th>
              <th scope="col">{l('実行者', 'By')}</th>
              <th scope="col">{l('メモ', 'Note')}</th>
            </tr>
          </thead>
          <tbody>
            {file.events.map((e) => (
              <tr>
                <td class="nowrap">{fmt(e.at)}</td>
                <td>
                  {labelOf(ENROLLMENT_LABELS, e.from_state, s.lang)} → {labelOf(ENROLLMENT_LABELS, e.to_state, s.lang)}
                </td>
                <td>{labelOf(ENROLLMENT_REASON_LABELS, e.reason, s.lang)}</td>
                <td class="nowrap">{actorName(file.directory, e.actor, s.lang)}</td>
                <td>{e.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <h2>{l('最近の認証', 'Recent authentications')}</h2>
      <Scroll>
        <table id="member-transactions">
          <thead>
            <tr>
              <th scope="col">{l('日時', 'Time')}</th>
              <th scope="col">{l('加盟店', 'Merchant')}</th>
              <th scope="col">{l('金額', 'Amount')}</th>
              <th scope="col">{l('状態', 'State')}</th>
              <th scope="col">{l('結果', 'Result')}</th>
            </tr>
          </thead>
          <tbody>
            {file.txns.map((x) => (
              <tr>
                <td class="nowrap">
                  <a href={withLang(s.lang, `/console/transactions/${x.acs_trans_id}`)}>{fmt(x.created_at)}</a>
                </td>
                <td>{x.merchant_name ?? ''}</td>
                <td class="nowrap">
                  {formatAmount(x.purchase_amount, x.purchase_currency, x.purchase_exponent, s.lang)}
                </td>
                <td>{labelOf(TRANSACTION_STATE_LABELS, x.state, s.lang)}</td>
                <td>{outcomeLabel(x.trans_status, x.trans_status_reason, s.lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <h2>{l('e-net のセッション', 'Portal sessions')}</h2>
      <Scroll>
        <table>
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">{l('開始', 'Started')}</th>
              <th scope="col">{l('最終利用', 'Last seen')}</th>
              <th scope="col">{l('終了理由', 'Ended because')}</th>
            </tr>
          </thead>
          <tbody>
            {file.sessions.map((x) => (
              <tr>
                <td class="nowrap">{x.public_id}</td>
                <td class="nowrap">{fmt(x.created_at)}</td>
                <td class="nowrap">{fmt(x.last_seen_at)}</td>
                <td>{labelOf(SESSION_END_LABELS, x.revoked_reason, s.lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <h2>{l('不正利用の届出', 'Fraud reports')}</h2>
      <Scroll>
        <table>
          <thead>
            <tr>
              <th scope="col">{l('受付番号', 'Reference')}</th>
              <th scope="col">{l('届出日時', 'Reported')}</th>
              <th scope="col">{l('状態', 'Status')}</th>
            </tr>
          </thead>
          <tbody>
            {file.reports.map((x) => (
              <tr>
                <td class="nowrap">{x.reference}</td>
                <td class="nowrap">{fmt(x.reported_at)}</td>
                <td>{labelOf(FRAUD_REPORT_STATUS_LABELS, x.status, s.lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <h2>{l('規約への同意', 'Terms acceptances')}</h2>
      <Scroll>
        <table>
          <thead>
            <tr>
              <th scope="col">{l('版', 'Version')}</th>
              <th scope="col">{l('同意日時', 'Accepted')}</th>
            </tr>
          </thead>
          <tbody>
            {file.consents.map((x) => (
              <tr>
                <td>{x.version}</td>
                <td class="nowrap">{fmt(x.accepted_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <TrustedMerchantsSection lang={s.lang} merchants={file.trusted} />
      <h2>{l('監査ログ', 'Audit trail')}</h2>
      <Scroll>
        <table>
          <thead>
            <tr>
              <th scope="col">{l('通番', 'Seq')}</th>
              <th scope="col">{l('日時', 'Time')}</th>
              <th scope="col">{l('実行者', 'Actor')}</th>
              <th scope="col">{l('操作', 'Action')}</th>
              <th scope="col">{l('理由', 'Reason')}</th>
            </tr>
          </thead>
          <tbody>
            {file.audit.map((x) => (
              <tr>
                <td class="nowrap">{x.seq}</td>
                <td class="nowrap">{fmt(x.at)}</td>
                <td class="nowrap">{actorName(file.directory, x.actor, s.lang)}</td>
                <td class="nowrap" data-action={x.action}>
                  {auditActionLabel(x.action, s.lang)}
                </td>
                <td>{x.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
    </>
  );
}
