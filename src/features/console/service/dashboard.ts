import { jstDay } from '../../../core/format.ts';
import type { Metrics } from '../../../infra/metrics.ts';
import type { Executor } from '../../../storage/database.ts';
import {
  authenticationsPerHour,
  locksPerDay,
  type OutcomeCounts,
  outcomeCounts,
  pendingRreqJobs,
  smsCountsByStatus,
} from '../../../storage/repositories/console-dashboard-reads.ts';

export interface Dashboard {
  /** Last 24 hours, oldest first: hour start (ISO, UTC) and counts by transStatus outcome. */
  authPerHour: { hour: string; y: number; n: number; other: number }[];
  /** Last 24 hours, by outcome (transStatus recorded on the transaction), never by transient state. */
  outcomes: OutcomeCounts;
  /** Challenge success rate: succeeded / finished challenges (open ones excluded); null when none finished. */
  challengeSuccessRate: number | null;
  sms: { sent: number; failed: number; delivered: number; queued: number };
  rreqBacklog: number;
  areqLatency: { p50: number | null; p95: number | null; count: number };
  lostStolenPerDay: { day: string; count: number }[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const JST = 9 * HOUR;

export async function loadDashboard(db: Executor, metrics: Metrics, now: Date): Promise<Dashboard> {
  const since = new Date(Math.floor(now.getTime() / HOUR) * HOUR - 23 * HOUR);
  const hourly = await authenticationsPerHour(db, since);
  const byHour = new Map(hourly.map((r) => [r.hour.getTime(), r]));
  const authPerHour = Array.from({ length: 24 }, (_, i) => {
    const t = since.getTime() + i * HOUR;
    const r = byHour.get(t);
    return { hour: new Date(t).toISOString(), y: r?.y ?? 0, n: r?.n ?? 0, other: r?.other ?? 0 };
  });
  const sms = await smsCountsByStatus(db, new Date(now.getTime() - DAY));
  const smsCount = (s: string) => sms.get(s) ?? 0;
  // Days are Japan-time days (JST = UTC+9 all year): the 14 days ending today, JST.
  const dayStart = new Date(Math.floor((now.getTime() + JST) / DAY) * DAY - 13 * DAY - JST);
  const byDay = await locksPerDay(db, dayStart);
  const lostStolenPerDay = Array.from({ length: 14 }, (_, i) => {
    const day = jstDay(new Date(dayStart.getTime() + i * DAY));
    return { day, count: byDay.get(day) ?? 0 };
  });
  const outcomes = await outcomeCounts(db, new Date(now.getTime() - DAY));
  const finished = outcomes.challenged - outcomes.challengeOpen;
  return {
    authPerHour,
    outcomes,
    challengeSuccessRate: finished === 0 ? null : outcomes.challengeSucceeded / finished,
    sms: {
      sent: smsCount('sent'),
      failed: smsCount('failed'),
      delivered: smsCount('delivered'),
      queued: smsCount('queued'),
    },
    rreqBacklog: await pendingRreqJobs(db),
    areqLatency: await areqLatency(metrics),
    lostStolenPerDay,
  };
}

/** p50/p95 of POST /3ds/areq from our own histogram: the upper bound of the bucket holding the quantile. */
export async function areqLatency(metrics: Metrics): Promise<Dashboard['areqLatency']> {
  const data = await metrics.latency.get();
  const buckets = data.values
    .filter((v) => v.metricName === 'ninsho_http_request_duration_seconds_bucket' && v.labels.route === '/3ds/areq')
    .map((v) => {
      const bound = (v.labels as Record<string, string | number | undefined>).le;
      return { le: bound === '+Inf' ? Number.POSITIVE_INFINITY : Number(bound), count: v.value };
    });
  const le = new Map<number, number>();
  for (const b of buckets) le.set(b.le, (le.get(b.le) ?? 0) + b.count);
  const sorted = [...le.entries()].sort((a, b) => a[0] - b[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  const quantile = (q: number) => {
    if (total === 0) return null;
    const hit = sorted.find(([, c]) => c >= q * total);
    return hit ? hit[0] : null;
  };
  return { p50: quantile(0.5), p95: quantile(0.95), count: total };
}
