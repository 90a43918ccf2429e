import { sql } from 'kysely';
import type { Metrics } from '../../../infra/metrics.ts';
import type { Db } from '../../../storage/database.ts';

export interface Dashboard {
  /** Last 24 hours, oldest first: hour start (ISO) and counts by transStatus outcome. */
  authPerHour: { hour: string; y: number; n: number; other: number }[];
  challenge: { total: number; succeeded: number };
  sms: { sent: number; failed: number; delivered: number; queued: number };
  rreqBacklog: number;
  areqLatency: { p50: number | null; p95: number | null; count: number };
  lostStolenPerDay: { day: string; count: number }[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export async function loadDashboard(db: Db, metrics: Metrics, now: Date): Promise<Dashboard> {
  const since = new Date(Math.floor(now.getTime() / HOUR) * HOUR - 23 * HOUR);
  const hourly = await sql<{ hour: Date; y: string; n: string; other: string }>`
    select date_trunc('hour', created_at) as hour,
      count(*) filter (where trans_status = 'Y') as y,
      count(*) filter (where trans_status = 'N') as n,
      count(*) filter (where trans_status is null or trans_status not in ('Y', 'N')) as other
    from transactions where created_at >= ${since} group by 1`.execute(db);
  const byHour = new Map(hourly.rows.map((r) => [new Date(r.hour).getTime(), r]));
  const authPerHour = Array.from({ length: 24 }, (_, i) => {
    const t = since.getTime() + i * HOUR;
    const r = byHour.get(t);
    return {
      hour: new Date(t).toISOString(),
      y: Number(r?.y ?? 0),
      n: Number(r?.n ?? 0),
      other: Number(r?.other ?? 0),
    };
  });
  const ch = await sql<{ total: string; ok: string }>`
    select count(*) as total, count(*) filter (where state = 'authenticated') as ok from transactions
    where created_at >= ${new Date(now.getTime() - DAY)} and authentication_type is not null`.execute(db);
  const sms = await db
    .selectFrom('sms_messages')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('created_at', '>=', new Date(now.getTime() - DAY))
    .groupBy('status')
    .execute();
  const smsCount = (s: string) => Number(sms.find((r) => r.status === s)?.n ?? 0);
  const backlog = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('kind', '=', 'rreq')
    .where('status', '=', 'pending')
    .executeTakeFirst();
  const dayStart = new Date(Math.floor(now.getTime() / DAY) * DAY - 13 * DAY);
  const lost = await sql<{ day: Date; n: string }>`
    select date_trunc('day', at) as day, count(*) as n from enrollment_events
    where to_state = 'locked' and at >= ${dayStart} group by 1`.execute(db);
  const byDay = new Map(lost.rows.map((r) => [new Date(r.day).toISOString().slice(0, 10), Number(r.n)]));
  const lostStolenPerDay = Array.from({ length: 14 }, (_, i) => {
    const day = new Date(dayStart.getTime() + i * DAY).toISOString().slice(0, 10);
    return { day, count: byDay.get(day) ?? 0 };
  });
  return {
    authPerHour,
    challenge: { total: Number(ch.rows[0]?.total ?? 0), succeeded: Number(ch.rows[0]?.ok ?? 0) },
    sms: {
      sent: smsCount('sent'),
      failed: smsCount('failed'),
      delivered: smsCount('delivered'),
      queued: smsCount('queued'),
    },
    rreqBacklog: Number(backlog?.n ?? 0),
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
