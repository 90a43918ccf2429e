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

/** The dashboard's outcome counts (src/features/console/service/dashboard.ts `Outcomes`). */
export interface OutcomeCounts {
  total: number;
  frictionlessY: number;
  frictionlessOther: number;
  challenged: number;
  challengeSucceeded: number;
  challengeFailed: number;
  challengeCancelled: number;
  challengeTimedOut: number;
  challengeOpen: number;
  noResult: number;
}

/**
 * Transactions created since `since`, counted by their outcome: the transStatus recorded on the row (the ARes
 * value without a challenge, the challenge's final result after one; src/core/transaction-state.ts RESULTS),
 * never by the transient state, which moves on to result_sent / result_acknowledged once the RReq goes out.
 * A challenged row carries authenticationType (features/authentication/areq.ts). No transStatus at all means
 * the AReq was answered with an Erro before a decision.
 */
export async function outcomeCounts(db: Executor, since: Date): Promise<OutcomeCounts> {
  const r = await sql<Record<keyof OutcomeCounts, string>>`
    select count(*) as "total",
      count(*) filter (where authentication_type is null and trans_status = 'Y') as "frictionlessY",
      count(*) filter (where authentication_type is null and trans_status is not null and trans_status <> 'Y')
        as "frictionlessOther",
      count(*) filter (where authentication_type is not null) as "challenged",
      count(*) filter (where authentication_type is not null and trans_status = 'Y') as "challengeSucceeded",
      count(*) filter (where authentication_type is not null and trans_status in ('N', 'U', 'R')
        and coalesce(challenge_cancel, '') <> '01' and coalesce(trans_status_reason, '') <> '14')
        as "challengeFailed",
      count(*) filter (where authentication_type is not null and challenge_cancel = '01') as "challengeCancelled",
      count(*) filter (where authentication_type is not null and trans_status_reason = '14'
        and coalesce(challenge_cancel, '') <> '01') as "challengeTimedOut",
      count(*) filter (where authentication_type is not null and trans_status = 'C') as "challengeOpen",
      count(*) filter (where trans_status is null) as "noResult"
    from transactions where created_at >= ${since}`.execute(db);
  const row = r.rows[0];
  const n = (k: keyof OutcomeCounts) => Number(row?.[k] ?? 0);
  return {
    total: n('total'),
    frictionlessY: n('frictionlessY'),
    frictionlessOther: n('frictionlessOther'),
    challenged: n('challenged'),
    challengeSucceeded: n('challengeSucceeded'),
    challengeFailed: n('challengeFailed'),
    challengeCancelled: n('challengeCancelled'),
    challengeTimedOut: n('challengeTimedOut'),
    challengeOpen: n('challengeOpen'),
    noResult: n('noResult'),
  };
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

/** Lost/stolen locks (enrollment events into `locked`) per Japan-time day since `since`, keyed `YYYY-MM-DD`. */
export async function locksPerDay(db: Executor, since: Date): Promise<Map<string, number>> {
  const lost = await sql<{ day: string; n: string }>`
    select to_char(at at time zone 'Asia/Tokyo', 'YYYY-MM-DD') as day, count(*) as n from enrollment_events
    where to_state = 'locked' and at >= ${since} group by 1`.execute(db);
  return new Map(lost.rows.map((r) => [r.day, Number(r.n)]));
}
