import { DEREGISTRATION_REASONS } from '../../core/enrollment.ts';
import type { Signed } from './guard.tsx';
import { withLang } from './http.ts';
import { fmt, Hidden, t } from './layout.tsx';
import type { MemberFile, MemberHit } from './service/members.ts';
import { CONFIRMATION_METHODS } from './service/roles.ts';

export function SearchView({
  s,
  hits,
  error,
}: {
  s: Signed;
  hits: MemberHit[] | undefined;
  error?: string | undefined;
}) {
  const l = t(s.lang);
  return (
    <>
      <form class="inline" method="get" action="/console/members">
        {s.lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
        <div class="field">
          <label for="enetId">{l('e-net ID', 'e-net ID')}</label>
          <input id="enetId" name="enetId" />
        </div>
        <div class="field">
          <label for="cardRef">{l('カード参照番号', 'Card ref')}</label>
          <input id="cardRef" name="cardRef" />
        </div>
        <div class="field">
          <label for="last4">{l('下 4 桁', 'Last four')}</label>
          <input id="last4" name="last4" inputmode="numeric" />
        </div>
        <div class="field">
          <label for="expiry">{l('有効期限 (YYMM)', 'Expiry (YYMM)')}</label>
          <input id="expiry" name="expiry" />
        </div>
        <div class="field">
          <label for="phone">{l('電話番号', 'Phone')}</label>
          <input id="phone" name="phone" type="tel" />
        </div>
        <button type="submit">{l('検索', 'Search')}</button>
      </form>
      {error ? <p class="notice alert">{error}</p> : null}
      {hits ? (
        <table>
          <thead>
            <tr>
              <th>e-net ID</th>
              <th>{l('氏名', 'Name')}</th>
              <th>{l('状態', 'Status')}</th>
              <th>{l('カード', 'Cards')}</th>
            </tr>
          </thead>
          <tbody>
            {hits.map((h) => (
              <tr>
                <td>
                  <a href={withLang(s.lang, `/console/members/${encodeURIComponent(h.enetId)}`)}>{h.enetId}</a>
                </td>
                <td>{h.name}</td>
                <td>
                  {h.enrollment} {h.enrollmentReason ?? ''}
                </td>
                <td>{h.cards.join(', ')}</td>
              </tr>
            ))}
            {hits.length === 0 ? (
              <tr>
                <td colspan={4}>{l('該当なし', 'No match')}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

function ActionForm({ s, path, label, children }: { s: Signed; path: string; label: string; children?: unknown }) {
  return (
    <form class="inline" method="post" action={withLang(s.lang, path)}>
      <Hidden csrf={s.csrf} />
      {children as never}
      <button type="submit">{label}</button>
    </form>
  );
}

function Reasons({ id, label }: { id: string; label: string }) {
  return (
    <>
      <label for={id} class="sr-only">
        {label}
      </label>
      <select id={id} name="reason">
        {DEREGISTRATION_REASONS.map((r) => (
          <option value={r}>{`art. ${r}`}</option>
        ))}
      </select>
    </>
  );
}

export function MemberView({ s, file }: { s: Signed; file: MemberFile }) {
  const l = t(s.lang);
  const m = file.member;
  const base = `/console/members/${encodeURIComponent(m.enet_id)}`;
  const isOperator = s.op.role === 'operator';
  return (
    <>
      <p id="member-status">
        {l('状態', 'Status')}: <strong>{m.enrollment}</strong> {m.enrollment_reason ?? ''} · {m.status} · {m.name}
      </p>
      {isOperator ? (
        <section>
          <h2>{l('操作', 'Actions')}</h2>
          <ActionForm s={s} path={`${base}/lift-lock`} label={l('紛失・盗難ロックを解除', 'Lift lost/stolen lock')}>
            <select name="method" aria-label={l('本人確認方法', 'Identity confirmation')}>
              {CONFIRMATION_METHODS.map((x) => (
                <option value={x}>{x}</option>
              ))}
            </select>
            <input name="note" aria-label="note" placeholder={l('確認内容', 'How identity was confirmed')} required />
          </ActionForm>
          <ActionForm s={s} path={`${base}/restrict`} label={l('利用制限 (8-1)', 'Restrict (8-1)')}>
            <Reasons
              id="restrict-reason"
              label={l('利用制限の理由（規約条項）', 'Restriction reason (terms article)')}
            />
            <input name="note" aria-label="note" required />
          </ActionForm>
          <ActionForm s={s} path={`${base}/deregister`} label={l('登録抹消 (8-1)', 'Deregister (8-1)')}>
            <Reasons
              id="deregister-reason"
              label={l('登録抹消の理由（規約条項）', 'Deregistration reason (terms article)')}
            />
            <input name="note" aria-label="deregistration note" required />
          </ActionForm>
          <ActionForm s={s} path={`${base}/reinstate`} label={l('復帰', 'Reinstate')}>
            <input name="note" aria-label="reinstate note" required />
          </ActionForm>
        </section>
      ) : null}
      <h2>{l('カード', 'Cards')}</h2>
      <table>
        <tbody>
          {file.cards.map((c) => (
            <tr>
              <td>{c.card_ref}</td>
              <td>{c.pan}</td>
              <td>{c.expiry}</td>
              <td>{c.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{l('電話番号の履歴', 'Phone bindings')}</h2>
      <table>
        <tbody>
          {file.phones.map((p) => (
            <tr>
              <td>{p.phone_masked}</td>
              <td>{p.verified_by}</td>
              <td>{fmt(p.bound_at)}</td>
              <td>{fmt(p.unbound_at)}</td>
              <td>{p.unbound_reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{l('承認待ち・履歴', 'Approvals')}</h2>
      <table>
        <tbody>
          {file.approvals.map((a) => (
            <tr>
              <td>{a.id}</td>
              <td>{a.reason_code}</td>
              <td>{a.status}</td>
              <td>{fmt(a.requested_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{l('登録状態の履歴', 'Enrollment history')}</h2>
      <table>
        <tbody>
          {file.events.map((e) => (
            <tr>
              <td>{fmt(e.at)}</td>
              <td>
                {e.from_state} → {e.to_state}
              </td>
              <td>{e.reason ?? ''}</td>
              <td>{e.actor}</td>
              <td>{e.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{l('最近の認証', 'Recent authentications')}</h2>
      <table>
        <tbody>
          {file.txns.map((x) => (
            <tr>
              <td>
                <a href={withLang(s.lang, `/console/transactions/${x.acs_trans_id}`)}>{fmt(x.created_at)}</a>
              </td>
              <td>{x.merchant_name ?? ''}</td>
              <td>{x.state}</td>
              <td>{x.trans_status ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{l('e-net セッション', 'Portal sessions')}</h2>
      <table>
        <tbody>
          {file.sessions.map((x) => (
            <tr>
              <td>{x.public_id}</td>
              <td>{fmt(x.created_at)}</td>
              <td>{fmt(x.last_seen_at)}</td>
              <td>{x.revoked_reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{l('不正利用の届出', 'Fraud reports')}</h2>
      <table>
        <tbody>
          {file.reports.map((x) => (
            <tr>
              <td>{x.reference}</td>
              <td>{fmt(x.reported_at)}</td>
              <td>{x.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{l('規約への同意', 'Terms acceptances')}</h2>
      <table>
        <tbody>
          {file.consents.map((x) => (
            <tr>
              <td>{x.version}</td>
              <td>{fmt(x.accepted_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{l('監査ログ', 'Audit trail')}</h2>
      <table>
        <tbody>
          {file.audit.map((x) => (
            <tr>
              <td>{x.seq}</td>
              <td>{fmt(x.at)}</td>
              <td>{x.actor}</td>
              <td>{x.action}</td>
              <td>{x.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
