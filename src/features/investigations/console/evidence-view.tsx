import { formatAmount } from '../../../core/format.ts';
import type { Signed } from '../../console/guard.tsx';
import { withLang } from '../../console/http.ts';
import type { EvidenceSnapshot, TransactionEvidence } from '../service/evidence-types.ts';
import { jst, tl } from './parts.tsx';

function KeyValues({ rows }: { rows: [string, string | number | null | undefined][] }) {
  return (
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
          ['transStatus', `${t.transStatus ?? '—'}${t.transStatusReason ? ` (reason ${t.transStatusReason})` : ''}`],
          ['ECI', t.eci],
          ['CAVV', t.cavv],
          [l('チャレンジ方式 (authenticationType)', 'Challenge method (authenticationType)'), t.authenticationType],
          [l('状態', 'State'), t.state],
          ['messageVersion / deviceChannel', `${t.messageVersion} / ${t.deviceChannel}`],
          [l('ブラウザ IP', 'Browser IP'), t.browserIp],
          ['User-Agent', t.browserUserAgent],
          [l('ブラウザ言語', 'Browser language'), t.browserLanguage],
          [l('コード送信・誤り', 'Codes sent / wrong'), `${t.otpSends} / ${t.otpFailures}`],
          ['challengeCancel', t.challengeCancel],
        ]}
      />
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
                {m.status} {m.provider ?? ''}
              </td>
              <td>{m.error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{l('状態の変化', 'State changes')}</h4>
      <table>
        <tbody>
          {t.events.map((e) => (
            <tr>
              <td>{jst(e.at)}</td>
              <td>
                {e.from ?? '∅'} → {e.to}
              </td>
              <td>{e.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{l('メッセージ（抜粋・マスク済み）', 'Messages (selected members, masked)')}</h4>
      <table>
        <tbody>
          {t.messages.map((m) => (
            <tr>
              <td>{jst(m.at)}</td>
              <td>
                {m.direction} {m.type}
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
export function EvidenceView({ s, evidence }: { s: Signed; evidence: EvidenceSnapshot | undefined }) {
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
      <table id="evidence-phones">
        <tbody>
          {evidence.phone.history.map((p) => (
            <tr>
              <td>{p.masked}</td>
              <td>{p.verifiedBy}</td>
              <td>{jst(p.boundAt)}</td>
              <td>{p.unboundAt ? `${jst(p.unboundAt)} ${p.unboundReason ?? ''}` : l('現在有効', 'in force')}</td>
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
      <h3>{l('紛失・盗難の届出', 'Lost/stolen reports')}</h3>
      <table>
        <tbody>
          {evidence.lostStolen.map((e) => (
            <tr>
              <td>{jst(e.at)}</td>
              <td>
                {e.from} → {e.to}
              </td>
              <td>{e.reason ?? ''}</td>
              <td>{e.actor}</td>
            </tr>
          ))}
          {evidence.lostStolen.length === 0 ? (
            <tr>
              <td>{l('なし', 'None')}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <h3>{l('ご利用代金明細の通知 (5-3-5)', 'Statement notices (5-3-5)')}</h3>
      <p>{evidence.statementNotices.map((n) => `${n.noticeDate} (${n.channel})`).join(', ') || l('なし', 'None')}</p>
      <h3>{l('取引日に有効な規約と同意', 'Terms in force on each purchase date, and acceptance')}</h3>
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
    </div>
  );
}
