import { formatAmount } from '../../../core/format.ts';
import {
  ENROLLMENT_LABELS,
  ENROLLMENT_REASON_LABELS,
  labelOf,
  MESSAGE_TYPE_LABELS,
  outcomeLabel,
  PHONE_VERIFIED_BY_LABELS,
  SMS_STATUS_LABELS,
  TRANSACTION_STATE_LABELS,
  unboundReasonLabel,
} from '../../../core/labels.ts';
import type { Signed } from '../../console/guard.tsx';
import { withLang } from '../../console/http.ts';
import { Scroll } from '../../console/layout.tsx';
import type { EvidenceSnapshot, TransactionEvidence } from '../service/evidence-types.ts';
import { jst, tl } from './parts.tsx';
import { RiskEvidenceView } from './risk-evidence-view.tsx';

function KeyValues({ rows }: { rows: [string, string | number | null | undefined][] }) {
  return (
    <Scroll>
      <table>
        <tbody>
          {rows.map(([k, v]) => (
            <tr>
              <th>{k}</th>
              <td>{v === null || v === undefined || v === '' ? '—' : String(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

function TransactionEvidenceView({ s, t }: { s: Signed; t: TransactionEvidence }) {
  const l = tl(s);
  return (
    <section class="evidence" data-acs-trans-id={t.acsTransId}>
      <h3>
        <a href={withLang(s.lang, `/console/transactions/${t.acsTransId}`)}>{t.acsTransId}</a> {t.merchantName ?? ''}{' '}
        {formatAmount(t.amount, t.currency, t.exponent, s.lang)}
      </h3>
      <KeyValues
        rows={[
          [l('認証日時 (JST)', 'Authenticated at (JST)'), jst(t.at)],
          [
            l('結果 (transStatus)', 'Result (transStatus)'),
            t.transStatus
              ? `${outcomeLabel(t.transStatus, t.transStatusReason, s.lang)} [${t.transStatus}${t.transStatusReason ? ` / ${t.transStatusReason}` : ''}]`
              : '',
          ],
          ['ECI', t.eci],
          ['CAVV', t.cavv],
          [l('チャレンジ方式 (authenticationType)', 'Challenge method (authenticationType)'), t.authenticationType],
          [l('状態', 'State'), labelOf(TRANSACTION_STATE_LABELS, t.state, s.lang)],
          ['messageVersion / deviceChannel', `${t.messageVersion} / ${t.deviceChannel}`],
          [l('ブラウザ IP', 'Browser IP'), t.browserIp],
          ['User-Agent', t.browserUserAgent],
          [l('ブラウザ言語', 'Browser language'), t.browserLanguage],
          [l('コード送信・誤り', 'Codes sent / wrong'), `${t.otpSends} / ${t.otpFailures}`],
          ['challengeCancel', t.challengeCancel],
        ]}
      />
      {t.risk && <RiskEvidenceView s={s} risk={t.risk} id={t.acsTransId} />}
      {t.passkey && (
        <>
          <h4>{l('承認したパスキー', 'Approved by passkey')}</h4>
          <KeyValues
            rows={[
              [l('パスキーの名前', 'Passkey name'), t.passkey.name],
              [l('登録日時 (JST)', 'Registered (JST)'), jst(t.passkey.registeredAt)],
              [l('承認日時 (JST)', 'Approved (JST)'), jst(t.passkey.approvedAt)],
              [l('最後の使用 (JST)', 'Last used (JST)'), jst(t.passkey.lastUsedAt)],
              [l('削除・停止 (JST)', 'Removed or disabled (JST)'), jst(t.passkey.disabledAt)],
            ]}
          />
        </>
      )}
      <h4>{l('ワンタイムパスワードの記録', 'One-time code trail')}</h4>
      <Scroll>
        <table>
          <tbody>
            {t.otpCodes.map((c) => (
              <tr>
                <td>{jst(c.createdAt)}</td>
                <td>
                  {l('使用', 'used')} {jst(c.usedAt)}
                </td>
                <td>
                  {l('失効', 'superseded')} {jst(c.supersededAt)}
                </td>
                <td>
                  {l('有効期限', 'expires')} {jst(c.expiresAt)}
                </td>
              </tr>
            ))}
            {t.sms.map((m) => (
              <tr>
                <td>{jst(m.at)}</td>
                <td>SMS {m.toMasked}</td>
                <td>
                  {labelOf(SMS_STATUS_LABELS, m.status, s.lang)} {m.provider ?? ''}
                </td>
                <td>{m.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <h4>{l('状態の変化', 'State changes')}</h4>
      <Scroll>
        <table>
          <tbody>
            {t.events.map((e) => (
              <tr>
                <td>{jst(e.at)}</td>
                <td>
                  {e.from ? labelOf(TRANSACTION_STATE_LABELS, e.from, s.lang) : '∅'} →{' '}
                  {labelOf(TRANSACTION_STATE_LABELS, e.to, s.lang)}
                </td>
                <td>{e.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <h4>{l('メッセージ（抜粋・マスク済み）', 'Messages (selected members, masked)')}</h4>
      <Scroll>
        <table>
          <tbody>
            {t.messages.map((m) => (
              <tr>
                <td>{jst(m.at)}</td>
                <td>
                  {m.direction === 'in' ? l('受信', 'in') : l('送信', 'out')}{' '}
                  {labelOf(MESSAGE_TYPE_LABELS, m.type, s.lang)}
                </td>
                <td>
                  {Object.entries(m.fields)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <h4>{l('3DS Method の端末情報', '3DS Method device data')}</h4>
      {t.device ? (
        <KeyValues rows={Object.entries(t.device.facts).map(([k, v]): [string, string] => [k, v])} />
      ) : (
        <p>{l('記録なし', 'None recorded')}</p>
      )}
    </section>
  );
}

/** The evidence gathered automatically (issue #8 §2): as snapshotted, never recomputed on the page. */
export function EvidenceView({
  s,
  evidence,
  actor,
}: {
  s: Signed;
  evidence: EvidenceSnapshot | undefined;
  actor: (stored: string) => string;
}) {
  const l = tl(s);
  if (!evidence) return <p>{l('証跡はまだ収集されていません', 'No evidence gathered yet')}</p>;
  return (
    <div id="evidence">
      <p class="muted">
        {l('収集日時', 'Gathered at')} {jst(evidence.gatheredAt)}
      </p>
      {evidence.transactions.map((t) => (
        <TransactionEvidenceView s={s} t={t} />
      ))}
      <h3>{l('電話番号の登録（現在と履歴）', 'Phone binding (current and history)')}</h3>
      <Scroll>
        <table id="evidence-phones">
          <tbody>
            {evidence.phone.history.map((p) => (
              <tr>
                <td>{p.masked}</td>
                <td>{labelOf(PHONE_VERIFIED_BY_LABELS, p.verifiedBy, s.lang)}</td>
                <td>{jst(p.boundAt)}</td>
                <td>
                  {p.unboundAt
                    ? `${jst(p.unboundAt)} ${unboundReasonLabel(p.unboundReason, s.lang)}`
                    : l('現在有効', 'in force')}
                </td>
              </tr>
            ))}
            {evidence.phone.changes.map((c) => (
              <tr>
                <td colspan={2}>{l('電話番号の変更', 'Phone change')}</td>
                <td>{jst(c.changedAt)}</td>
                <td>
                  {l('待機期間', 'cooldown until')} {jst(c.cooldownUntil)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <h3>{l('紛失・盗難の届出', 'Lost/stolen reports')}</h3>
      <Scroll>
        <table>
          <tbody>
            {evidence.lostStolen.map((e) => (
              <tr>
                <td>{jst(e.at)}</td>
                <td>
                  {labelOf(ENROLLMENT_LABELS, e.from, s.lang)} → {labelOf(ENROLLMENT_LABELS, e.to, s.lang)}
                </td>
                <td>{labelOf(ENROLLMENT_REASON_LABELS, e.reason, s.lang)}</td>
                <td class="nowrap">{actor(e.actor)}</td>
              </tr>
            ))}
            {evidence.lostStolen.length === 0 ? (
              <tr>
                <td>{l('なし', 'None')}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </Scroll>
      <h3>{l('ご利用代金明細の通知 (5-3-5)', 'Statement notices (5-3-5)')}</h3>
      <p>{evidence.statementNotices.map((n) => `${n.noticeDate} (${n.channel})`).join(', ') || l('なし', 'None')}</p>
      <h3>{l('取引日に有効な規約と同意', 'Terms in force on each purchase date, and acceptance')}</h3>
      <Scroll>
        <table>
          <tbody>
            {evidence.terms.map((x) => (
              <tr>
                <td>{x.transaction}</td>
                <td>{jst(x.at)}</td>
                <td>{x.version ?? '—'}</td>
                <td>
                  {x.acceptedAt ? `${l('同意', 'accepted')} ${jst(x.acceptedAt)}` : l('同意記録なし', 'no acceptance')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
    </div>
  );
}
