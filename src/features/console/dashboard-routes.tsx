import type { ConsoleRouteKey } from './access.ts';
import { CertificateBanner } from './certificate-banner.tsx';
import { BarChart } from './charts.tsx';
import type { Handler } from './guard.tsx';
import { withLang } from './http.ts';
import { t } from './layout.tsx';
import { sendConsolePage } from './page.tsx';
import { loadDashboard } from './service/dashboard.ts';

const rate = (r: number | null) => (r === null ? '—' : `${(100 * r).toFixed(1)}%`);
/** The JST hour (00–23) of an ISO hour start. */
const jstHour = (iso: string) => String((new Date(iso).getUTCHours() + 9) % 24).padStart(2, '0');
const ms = (v: number | null) => (v === null ? '—' : Number.isFinite(v) ? `≤ ${Math.round(v * 1000)} ms` : '> 2500 ms');

/** The dashboard: figures counted from outcomes (docs/console.md), hourly charts, admin banners. */
export const dashboardHandlers = {
  'GET /console': async (c, s) => {
    const l = t(s.lang);
    const d = await loadDashboard(s.web.deps.db, s.web.deps.metrics, s.web.deps.clock.now());
    const o = d.outcomes;
    const figures: [string, string, string][] = [
      ['fig-total', l('認証の件数', 'Authentications'), String(o.total)],
      ['fig-frictionless-y', l('チャレンジなしで成功', 'Frictionless, authenticated'), String(o.frictionlessY)],
      [
        'fig-frictionless-other',
        l('チャレンジなしで不可・その他', 'Frictionless, other result'),
        String(o.frictionlessOther),
      ],
      ['fig-challenged', l('チャレンジ', 'Challenges'), String(o.challenged)],
      ['fig-challenge-ok', l('チャレンジ成功', 'Challenge succeeded'), String(o.challengeSucceeded)],
      ['fig-challenge-failed', l('チャレンジ失敗', 'Challenge failed'), String(o.challengeFailed)],
      ['fig-challenge-cancelled', l('会員が中止', 'Cancelled by the member'), String(o.challengeCancelled)],
      ['fig-challenge-timed-out', l('時間切れ', 'Timed out'), String(o.challengeTimedOut)],
      ['fig-challenge-open', l('チャレンジ中', 'Challenge still open'), String(o.challengeOpen)],
      ['fig-no-result', l('エラー応答（結果なし）', 'Error answer (no result)'), String(o.noResult)],
      ['fig-success-rate', l('チャレンジ成功率', 'Challenge success rate'), rate(d.challengeSuccessRate)],
    ];
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
        <section class="chart" id="outcomes">
          <h2>{l('認証の結果（直近 24 時間）', 'Outcomes (last 24 hours)')}</h2>
          <dl class="figures">
            {figures.map(([id, label, value]) => (
              <>
                <dt>{label}</dt>
                <dd id={id}>{value}</dd>
              </>
            ))}
          </dl>
          <p class="hint">
            {l(
              '取引に記録された最終結果（transStatus）で数えています。成功率は終了したチャレンジに占める成功の割合です。',
              'Counted from the final result recorded on each transaction (transStatus). The success rate is successes over finished challenges.',
            )}
          </p>
        </section>
        <section class="chart">
          <h2>{l('時間別の認証（日本時間）', 'Authentications per hour (Japan time)')}</h2>
          <p class="hint">{l('緑: 成功 / 赤: 不可 / 灰: その他', 'Green: authenticated / red: not / grey: other')}</p>
          <BarChart
            title={l('時間別の認証', 'Authentications per hour')}
            bars={d.authPerHour.map((h) => ({
              label: `${jstHour(h.hour)}${l('時', 'h')}`,
              segments: [
                { value: h.y, cls: 'y' },
                { value: h.n, cls: 'n' },
                { value: h.other, cls: 'o' },
              ],
            }))}
          />
        </section>
        <section class="chart">
          <h2>{l('チャレンジの結果（直近 24 時間）', 'Challenge results (last 24 hours)')}</h2>
          <p id="challenge-rate">
            {l('チャレンジ成功率', 'Challenge success rate')}: {rate(d.challengeSuccessRate)} ({o.challengeSucceeded}/
            {o.challenged - o.challengeOpen})
          </p>
          <BarChart
            title={l('チャレンジの結果', 'Challenge results')}
            bars={[
              { label: l('成功', 'ok'), segments: [{ value: o.challengeSucceeded, cls: 'y' }] },
              { label: l('失敗', 'failed'), segments: [{ value: o.challengeFailed, cls: 'n' }] },
              { label: l('中止', 'cancelled'), segments: [{ value: o.challengeCancelled, cls: 'o' }] },
              { label: l('時間切れ', 'timed out'), segments: [{ value: o.challengeTimedOut, cls: 'o' }] },
            ]}
          />
        </section>
        <section class="chart">
          <h2>{l('SMS（直近 24 時間）', 'SMS (last 24 hours)')}</h2>
          <BarChart
            title="SMS"
            bars={[
              { label: l('送信済み', 'sent'), segments: [{ value: d.sms.sent, cls: 'b' }] },
              { label: l('到達', 'delivered'), segments: [{ value: d.sms.delivered, cls: 'y' }] },
              { label: l('失敗', 'failed'), segments: [{ value: d.sms.failed, cls: 'n' }] },
              { label: l('送信待ち', 'queued'), segments: [{ value: d.sms.queued, cls: 'o' }] },
            ]}
          />
        </section>
        <section class="chart">
          <h2>{l('結果通知（RReq）の送信待ち / 認証要求（AReq）の応答時間', 'RReq backlog / AReq latency')}</h2>
          <p id="rreq-backlog">
            {l('送信待ちの結果通知', 'RReq backlog')}: {d.rreqBacklog}
          </p>
          <p id="areq-latency">
            {l('応答時間 中央値', 'AReq p50')} {ms(d.areqLatency.p50)} · {l('95%', 'p95')} {ms(d.areqLatency.p95)} (
            {l('件数', 'n')} {d.areqLatency.count})
          </p>
        </section>
        <section class="chart">
          <h2>{l('紛失・盗難の届出（日別、日本時間）', 'Lost/stolen reports per day (Japan time)')}</h2>
          <BarChart
            title={l('紛失・盗難の届出', 'Lost/stolen reports')}
            bars={d.lostStolenPerDay.map((x) => ({ label: x.day.slice(5), segments: [{ value: x.count, cls: 'n' }] }))}
          />
        </section>
      </div>,
    );
  },
} satisfies Partial<Record<ConsoleRouteKey, Handler>>;
