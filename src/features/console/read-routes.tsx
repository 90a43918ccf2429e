import type { ConsoleRouteKey } from './access.ts';
import { CertificateBanner } from './certificate-banner.tsx';
import { BarChart } from './charts.tsx';
import type { Handler, Signed } from './guard.tsx';
import { type Ctx, withLang } from './http.ts';
import { fmt, t } from './layout.tsx';
import { sendConsolePage } from './page.tsx';
import { RevealForm } from './reveal-routes.tsx';
import { browseAudit } from './service/audit-log.ts';
import { loadDashboard } from './service/dashboard.ts';
import { searchTransactions, transactionFile } from './service/transactions.ts';

function dateQuery(c: Ctx, name: string): Date | undefined {
  const v = c.req.query(name);
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const q = (c: Ctx, name: string) => c.req.query(name)?.trim() || undefined;
const pct = (a: number, b: number) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)}%`);
const ms = (v: number | null) => (v === null ? '—' : Number.isFinite(v) ? `≤ ${Math.round(v * 1000)} ms` : '> 2500 ms');

function FilterForm({ s, path, fields }: { s: Signed; path: string; fields: string[] }) {
  return (
    <form class="inline" method="get" action={path}>
      {s.lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
      {fields.map((f) => (
        <div class="field">
          <label for={`f-${f}`}>{f}</label>
          <input id={`f-${f}`} name={f} />
        </div>
      ))}
      <button type="submit">{t(s.lang)('絞り込み', 'Filter')}</button>
    </form>
  );
}

export const readHandlers = {
  'GET /console': async (c, s) => {
    const l = t(s.lang);
    const d = await loadDashboard(s.web.deps.db, s.web.deps.metrics, s.web.deps.clock.now());
    return sendConsolePage(
      c,
      s,
      l('ダッシュボード', 'Dashboard'),
      <div class="charts">
        {s.op.role === 'admin' ? <CertificateBanner lang={s.lang} status={s.web.deps.signing.status()} /> : null}
        {s.op.role === 'admin' ? (
          <section class="chart">
            <h2>{l('本番開始チェックリスト', 'Go-live checklist')}</h2>
            <p>
              <a id="go-live-link" href={withLang(s.lang, '/console/go-live')}>
                {l('本番開始前の確認項目を見る', 'See what is left before going live')}
              </a>
            </p>
          </section>
        ) : null}
        <section class="chart">
          <h2>{l('時間別の認証（Y/N/その他）', 'Authentications per hour (Y/N/other)')}</h2>
          <BarChart
            title="auth per hour"
            bars={d.authPerHour.map((h) => ({
              label: h.hour.slice(11, 13),
              segments: [
                { value: h.y, cls: 'y' },
                { value: h.n, cls: 'n' },
                { value: h.other, cls: 'o' },
              ],
            }))}
          />
        </section>
        <section class="chart">
          <h2>{l('チャレンジ成功率（24 時間）', 'Challenge success rate (24 h)')}</h2>
          <p id="challenge-rate">
            {pct(d.challenge.succeeded, d.challenge.total)} ({d.challenge.succeeded}/{d.challenge.total})
          </p>
          <BarChart
            title="challenges"
            bars={[
              { label: 'ok', segments: [{ value: d.challenge.succeeded, cls: 'y' }] },
              { label: 'not ok', segments: [{ value: d.challenge.total - d.challenge.succeeded, cls: 'n' }] },
            ]}
          />
        </section>
        <section class="chart">
          <h2>SMS（24 h）</h2>
          <BarChart
            title="sms"
            bars={[
              { label: 'sent', segments: [{ value: d.sms.sent, cls: 'b' }] },
              { label: 'delivered', segments: [{ value: d.sms.delivered, cls: 'y' }] },
              { label: 'failed', segments: [{ value: d.sms.failed, cls: 'n' }] },
              { label: 'queued', segments: [{ value: d.sms.queued, cls: 'o' }] },
            ]}
          />
        </section>
        <section class="chart">
          <h2>{l('RReq 送信待ち / AReq 応答時間', 'RReq backlog / AReq latency')}</h2>
          <p id="rreq-backlog">RReq backlog: {d.rreqBacklog}</p>
          <p id="areq-latency">
            AReq p50 {ms(d.areqLatency.p50)} · p95 {ms(d.areqLatency.p95)} (n={d.areqLatency.count})
          </p>
        </section>
        <section class="chart">
          <h2>{l('紛失・盗難の届出（日別）', 'Lost/stolen reports per day')}</h2>
          <BarChart
            title="lost stolen"
            bars={d.lostStolenPerDay.map((x) => ({ label: x.day.slice(5), segments: [{ value: x.count, cls: 'n' }] }))}
          />
        </section>
      </div>,
    );
  },
  'GET /console/transactions': async (c, s) => {
    const rows = await searchTransactions(s.web.deps.db, {
      from: dateQuery(c, 'from'),
      to: dateQuery(c, 'to'),
      state: q(c, 'state'),
      merchant: q(c, 'merchant'),
      id: q(c, 'id'),
      cardRef: q(c, 'cardRef'),
    });
    return sendConsolePage(
      c,
      s,
      t(s.lang)('取引', 'Transactions'),
      <>
        <FilterForm s={s} path="/console/transactions" fields={['from', 'to', 'state', 'merchant', 'id', 'cardRef']} />
        <table>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>
                  <a href={withLang(s.lang, `/console/transactions/${r.acs_trans_id}`)}>{fmt(r.created_at)}</a>
                </td>
                <td>{r.merchant_name ?? ''}</td>
                <td>
                  {r.purchase_amount ?? ''} {r.purchase_currency ?? ''}
                </td>
                <td>{r.state}</td>
                <td>
                  {r.trans_status ?? ''}
                  {r.trans_status_reason ? `/${r.trans_status_reason}` : ''}
                </td>
                <td>{r.eci ?? ''}</td>
                <td>{r.enet_id ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>,
    );
  },
  'GET /console/transactions/:id': async (c, s) => {
    const l = t(s.lang);
    const f = await transactionFile(s.web.deps.db, c.req.param('id') ?? '');
    const x = f.txn;
    return sendConsolePage(
      c,
      s,
      `${l('取引', 'Transaction')} ${x.acs_trans_id}`,
      <>
        <table>
          <tbody>
            <tr>
              <th>threeDSServerTransID</th>
              <td>{x.three_ds_server_trans_id}</td>
            </tr>
            <tr>
              <th>dsTransID</th>
              <td>{x.ds_trans_id ?? ''}</td>
            </tr>
            <tr>
              <th>{l('状態', 'State')}</th>
              <td>
                {x.state} {x.trans_status ?? ''} {x.trans_status_reason ?? ''}
              </td>
            </tr>
            <tr>
              <th>ECI / CAVV</th>
              <td>
                {x.eci ?? ''} / {x.cavv ? `${x.cavv.slice(0, 4)}…` : ''}
              </td>
            </tr>
            <tr>
              <th>{l('加盟店', 'Merchant')}</th>
              <td>{x.merchant_name ?? ''}</td>
            </tr>
            <tr>
              <th>e-net ID</th>
              <td>{x.enet_id ?? ''}</td>
            </tr>
          </tbody>
        </table>
        <h2>{l('状態の推移', 'Timeline')}</h2>
        <table>
          <tbody>
            {f.events.map((e) => (
              <tr>
                <td>{fmt(e.at)}</td>
                <td>
                  {e.from_state ?? ''} → {e.to_state}
                </td>
                <td>{e.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{l('メッセージ', 'Messages')}</h2>
        <table>
          <tbody>
            {f.messages.map((m) => (
              <tr>
                <td>{fmt(m.created_at)}</td>
                <td>
                  {m.direction} {m.message_type}
                </td>
                <td>
                  <pre>{JSON.stringify(m.body, null, 1)}</pre>
                  {m.sealed ? <RevealForm s={s} acsTransId={x.acs_trans_id} messageId={m.id} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>SMS</h2>
        <table>
          <tbody>
            {f.sms.map((m) => (
              <tr>
                <td>{fmt(m.created_at)}</td>
                <td>{m.to_masked}</td>
                <td>{m.purpose}</td>
                <td>{m.provider ?? ''}</td>
                <td>{m.status}</td>
                <td>{m.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{l('RReq 送信', 'RReq delivery')}</h2>
        <table>
          <tbody>
            {f.jobs.map((j) => (
              <tr>
                <td>{j.id}</td>
                <td>{j.status}</td>
                <td>{j.attempts}</td>
                <td>{fmt(j.done_at)}</td>
                <td>{j.last_error ?? ''}</td>
              </tr>
            ))}
            {f.attempts.map((a) => (
              <tr>
                <td>{a.job_id}</td>
                <td>{fmt(a.at)}</td>
                <td>{a.outcome}</td>
                <td colspan={2}>{a.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>,
    );
  },
  'GET /console/audit': async (c, s) => {
    const before = Number(c.req.query('before'));
    const rows = await browseAudit(s.web.deps.db, {
      actor: q(c, 'actor'),
      action: q(c, 'action'),
      subject: q(c, 'subject'),
      from: dateQuery(c, 'from'),
      to: dateQuery(c, 'to'),
      before: Number.isInteger(before) && before > 0 ? before : undefined,
    });
    return sendConsolePage(
      c,
      s,
      t(s.lang)('監査ログ', 'Audit log'),
      <>
        <FilterForm s={s} path="/console/audit" fields={['actor', 'action', 'subject', 'from', 'to']} />
        <table>
          <thead>
            <tr>
              <th>seq</th>
              <th>at</th>
              <th>actor</th>
              <th>action</th>
              <th>subject</th>
              <th>reason</th>
              <th>before → after</th>
              <th>hash</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{r.seq}</td>
                <td>{fmt(r.at)}</td>
                <td>{r.actor}</td>
                <td>{r.action}</td>
                <td>
                  {r.subject_type}:{r.subject_id}
                </td>
                <td>{r.reason ?? ''}</td>
                <td>
                  <pre>
                    {JSON.stringify(r.before)} → {JSON.stringify(r.after)}
                  </pre>
                </td>
                <td>{r.hash.slice(0, 12)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>,
    );
  },
} satisfies Partial<Record<ConsoleRouteKey, Handler>>;
