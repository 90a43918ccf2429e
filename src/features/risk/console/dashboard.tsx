import { jstDay } from '../../../core/format.ts';
import { riskDecisionsPerDay } from '../../../storage/repositories/risk-dashboard-reads.ts';
import { BarChart } from '../../console/charts.tsx';
import type { Handler } from '../../console/guard.tsx';
import { withLang } from '../../console/http.ts';
import { Scroll, t } from '../../console/layout.tsx';
import { sendConsolePage } from '../../console/page.tsx';
import type { RiskRouteKey } from './access.ts';

const DAY = 86_400_000;
const JST = 9 * 3_600_000;
/** The dashboard's window: the 30 Japan-time days ending today. */
export const RISK_DASHBOARD_DAYS = 30;

const rate = (n: number, of: number) => (of === 0 ? '—' : `${((100 * n) / of).toFixed(1)}%`);

/**
 * Frictionless / challenge / refusal counts and rates per day (issue #20 item 6), JST days, from the decisions
 * stored on the transactions by the risk step; one aggregate statement (riskDecisionsPerDay).
 */
export const riskDashboardHandlers = {
  'GET /console/risk/dashboard': async (c, s) => {
    const l = t(s.lang);
    const now = s.web.deps.clock.now().getTime();
    const since = new Date(Math.floor((now + JST) / DAY) * DAY - (RISK_DASHBOARD_DAYS - 1) * DAY - JST);
    const found = new Map((await riskDecisionsPerDay(s.web.deps.db, since)).map((d) => [d.day, d]));
    const days = Array.from({ length: RISK_DASHBOARD_DAYS }, (_, i) => {
      const day = jstDay(new Date(since.getTime() + i * DAY));
      return found.get(day) ?? { day, frictionless: 0, challenge: 0, refuse: 0 };
    });
    const sum = (k: 'frictionless' | 'challenge' | 'refuse') => days.reduce((a, d) => a + d[k], 0);
    const total = {
      day: l('30 日間の合計', '30 days'),
      frictionless: sum('frictionless'),
      challenge: sum('challenge'),
      refuse: sum('refuse'),
    };
    const row = (d: typeof total, id?: string) => {
      const n = d.frictionless + d.challenge + d.refuse;
      return (
        <tr id={id}>
          <th scope="row">{d.day}</th>
          <td class="num">{n}</td>
          <td class="num">
            {d.frictionless} ({rate(d.frictionless, n)})
          </td>
          <td class="num">
            {d.challenge} ({rate(d.challenge, n)})
          </td>
          <td class="num">
            {d.refuse} ({rate(d.refuse, n)})
          </td>
        </tr>
      );
    };
    return sendConsolePage(
      c,
      s,
      l('リスク判定の推移', 'Risk decisions per day'),
      <>
        <p>
          {l(
            '直近 30 日（日本時間の日別）に、リスク判定の対象となった認証要求（判定表ではチャレンジとなるもの）の件数と割合です。',
            'The last 30 days (Japan-time days): authentication requests the risk step assessed (those the decision table would challenge), counted by decision.',
          )}{' '}
          <a href={withLang(s.lang, '/console/risk')}>{l('ポリシーの一覧', 'Policies')}</a>
        </p>
        <section class="chart">
          <h2>{l('日別のリスク判定', 'Risk decisions per day')}</h2>
          <p class="hint">
            {l(
              '緑: チャレンジなし / 青: チャレンジ / 赤: 拒否',
              'Green: frictionless / blue: challenge / red: refused',
            )}
          </p>
          <BarChart
            title={l('日別のリスク判定', 'Risk decisions per day')}
            bars={days.map((d) => ({
              label: d.day.slice(5),
              segments: [
                { value: d.frictionless, cls: 'y' },
                { value: d.challenge, cls: 'b' },
                { value: d.refuse, cls: 'n' },
              ],
            }))}
          />
        </section>
        <Scroll>
          <table id="risk-days">
            <thead>
              <tr>
                <th scope="col">{l('日付', 'Day')}</th>
                <th scope="col">{l('件数', 'Assessed')}</th>
                <th scope="col">{l('チャレンジなし', 'Frictionless')}</th>
                <th scope="col">{l('チャレンジ', 'Challenge')}</th>
                <th scope="col">{l('拒否', 'Refused')}</th>
              </tr>
            </thead>
            <tbody>
              {row(total, 'risk-days-total')}
              {[...days].reverse().map((d) => row(d, `risk-day-${d.day}`))}
            </tbody>
          </table>
        </Scroll>
      </>,
    );
  },
} satisfies Partial<Record<RiskRouteKey, Handler>>;
