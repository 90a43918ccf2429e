import { sql } from 'kysely';
import type { Executor } from '../database.ts';

/** The console dashboard's counts (src/features/console/service/dashboard.ts). Reads only. */

/** Authentications per hour since `since`, by outcome (transStatus Y, N, anything else). */
export async function authenticationsPerHour(db: Executor, since: Date) {
  const hourly = await sql<{ hour: Date; y: string; n: string; other: string }>`
    select date_trunc('hour', created_at) as hour,
      count(*) filter (where trans_status = 'Y') as y,
      count(*) filter (where trans_status = 'N') as n,
      count(*) filter (where trans_status is null or trans_status not in ('Y', 'N')) as other
    from transactions where created_at >= ${since} group by 1`.execute(db);
  return hourly.rows.map((r) => ({ hour: new Date(r.hour), y: Number(r.y), n: Number(r.n), other: Number(r.other) }));
}

/** Challenged transactions since `since` and how many of them ended authenticated. */
export async function challengeCounts(db: Executor, since: Date): Promise<{ total: number; succeeded: number }> {
  const ch = await sql<{ total: string; ok: string }>`
    select count(*) as total, count(*) filter (where state = 'authenticated') as ok from transactions
    where created_at >= ${since} and authentication_type is not null`.execute(db);
  return { total: Number(ch.rows[0]?.total ?? 0), succeeded: Number(ch.rows[0]?.ok ?? 0) };
}

/** SMS created since `since`, counted by status. */
export async function smsCountsByStatus(db: Executor, since: Date): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('sms_messages')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('created_at', '>=', since)
    .groupBy('status')
    .execute();
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

export async function pendingRreqJobs(db: Executor): Promise<number> {
  const backlog = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('kind', '=', 'rreq')
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(backlog?.n ?? 0);
}

/** Lost/stolen locks (enrollment events into `locked`) per day since `since`, keyed `YYYY-MM-DD` (UTC). */
export async function locksPerDay(db: Executor, since: Date): Promise<Map<string, number>> {
  const lost = await sql<{ day: Date; n: string }>`
    select date_trunc('day', at) as day, count(*) as n from enrollment_events
    where to_state = 'locked' and at >= ${since} group by 1`.execute(db);
  return new Map(lost.rows.map((r) => [new Date(r.day).toISOString().slice(0, 10), Number(r.n)]));
}
