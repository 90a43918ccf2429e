import { sql } from 'kysely';
import type { Actor, ServiceDeps } from '../../../app/deps.ts';
import { ServiceError } from '../../../core/errors.ts';
import { newId } from '../../../infra/ids.ts';
import { enqueueJob } from '../../../infra/jobs/queue.ts';
import type { Db } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import type { MailingRow } from '../../../storage/tables/mailings.ts';

/**
 * Member mailings (terms art. 3-2, 11-2, 12-2): one notice emailed to every enrolled member. The work is done by
 * `mailing` jobs (src/features/operations/service/mailings-job.ts), one batch each; this module starts, steers and
 * measures them.
 */

/** Who is mailed: members enrolled in the service with an email address (the e-net account's). */
export function eligibleMembers(db: Db) {
  return db.selectFrom('members').where('enrollment', '=', 'enrolled').where('email', 'like', '%_@_%');
}

/** Batch size and spacing that keep the queueing rate at or under MAIL_RATE_PER_MINUTE. */
export function mailingPace(ratePerMinute: number): { size: number; intervalMs: number } {
  const size = Math.max(1, Math.min(200, ratePerMinute));
  return { size, intervalMs: Math.ceil((size * 60_000) / ratePerMinute) };
}

/**
 * Starts mailing a published notice, in the caller's transaction (so a terms publication, its notice and its
 * mailing commit together). The first batch job is due at once; wake the worker after the commit.
 */
export async function startMailing(trx: Db, input: { noticeId: string; actor: Actor; at: Date }): Promise<string> {
  const { noticeId, actor, at } = input;
  const notice = await trx
    .selectFrom('notices')
    .select(['id', 'published_at'])
    .where('id', '=', noticeId)
    .executeTakeFirst();
  if (!notice) throw new ServiceError('not_found', 'no notice with that id', 'noticeId');
  if (new Date(notice.published_at) > at)
    throw new ServiceError('conflict', 'the notice is not published yet', 'noticeId');
  const existing = await trx.selectFrom('mailings').select('id').where('notice_id', '=', noticeId).executeTakeFirst();
  if (existing) throw new ServiceError('conflict', 'this notice has already been emailed', 'noticeId');
  const count = await eligibleMembers(trx).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const id = newId('mal', at.getTime());
  await trx
    .insertInto('mailings')
    .values({
      id,
      notice_id: noticeId,
      status: 'running',
      total: count.n,
      cursor_enet_id: null,
      created_by: actor,
      created_at: at,
      updated_at: at,
      completed_at: null,
    })
    .execute();
  await enqueueJob(trx, { kind: 'mailing', payload: { mailingId: id, batch: 0 }, at });
  await appendAudit(trx, {
    actor,
    action: 'mailing.start',
    subjectType: 'mailing',
    subjectId: id,
    after: { noticeId, total: count.n },
    at,
  });
  return id;
}

/** The console's "email to all enrolled members" on a notice. */
export async function mailNotice(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  noticeId: string,
  actor: Actor,
): Promise<string> {
  const at = deps.clock.now();
  return deps.db.transaction().execute((trx) => startMailing(trx, { noticeId, actor, at }));
}

export type MailingControl = 'pause' | 'resume' | 'cancel';

const MOVES: Record<MailingControl, { from: readonly MailingRow['status'][]; to: MailingRow['status'] }> = {
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['running', 'paused'], to: 'cancelled' },
};

export function isMailingControl(value: string): value is MailingControl {
  return value === 'pause' || value === 'resume' || value === 'cancel';
}

/**
 * Pause stops further batches (emails already queued still leave); resume queues the next batch again;
 * cancel ends the mailing. A repeated or stale batch job finds the batch counter moved and does nothing.
 */
export async function controlMailing(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  id: string,
  action: MailingControl,
  actor: Actor,
): Promise<void> {
  const at = deps.clock.now();
  const move = MOVES[action];
  await deps.db.transaction().execute(async (trx) => {
    const m = await trx
      .selectFrom('mailings')
      .select(['status', 'batches_done'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!m) throw new ServiceError('not_found', 'no mailing with that id', 'id');
    if (!move.from.includes(m.status)) throw new ServiceError('conflict', `the mailing is ${m.status}`, 'id');
    await trx.updateTable('mailings').set({ status: move.to, updated_at: at }).where('id', '=', id).execute();
    if (action === 'resume')
      await enqueueJob(trx, { kind: 'mailing', payload: { mailingId: id, batch: m.batches_done }, at });
    await appendAudit(trx, {
      actor,
      action: `mailing.${action}`,
      subjectType: 'mailing',
      subjectId: id,
      before: { status: m.status },
      after: { status: move.to },
      at,
    });
  });
}

export interface MailingProgress {
  mailing: MailingRow;
  noticeTitle: string;
  total: number;
  /** Emails in the outbox, not yet sent or failed. */
  queued: number;
  sent: number;
  failed: number;
  /** Members not reached by a batch yet (0 once completed). */
  remaining: number;
}

/** Progress of the newest mailings (or one), counted from the recipients' emails and their jobs. */
export async function mailingProgress(
  db: Db,
  options: { id?: string; limit?: number } = {},
): Promise<MailingProgress[]> {
  let query = db
    .selectFrom('mailings')
    .innerJoin('notices', 'notices.id', 'mailings.notice_id')
    .selectAll('mailings')
    .select('notices.title as notice_title')
    .orderBy('mailings.created_at', 'desc')
    .limit(options.limit ?? 50);
  if (options.id !== undefined) query = query.where('mailings.id', '=', options.id);
  const mailings = await query.execute();
  if (mailings.length === 0) return [];
  const counts = await db
    .selectFrom('mailing_recipients as r')
    .innerJoin('emails as e', 'e.id', 'r.email_id')
    .innerJoin('jobs as j', 'j.id', 'r.job_id')
    .select([
      'r.mailing_id',
      sql<number>`count(*)::int`.as('created'),
      sql<number>`(count(*) filter (where e.status = 'sent'))::int`.as('sent'),
      sql<number>`(count(*) filter (where e.status = 'failed' or (j.status = 'dead' and e.status <> 'sent')))::int`.as(
        'failed',
      ),
    ])
    .where(
      'r.mailing_id',
      'in',
      mailings.map((m) => m.id),
    )
    .groupBy('r.mailing_id')
    .execute();
  const byId = new Map(counts.map((c) => [c.mailing_id, c]));
  return mailings.map(({ notice_title, ...mailing }) => {
    const c = byId.get(mailing.id) ?? { created: 0, sent: 0, failed: 0 };
    const remaining = mailing.status === 'completed' ? 0 : Math.max(0, mailing.total - c.created);
    return {
      mailing,
      noticeTitle: notice_title,
      total: mailing.status === 'completed' ? c.created : mailing.total,
      queued: c.created - c.sent - c.failed,
      sent: c.sent,
      failed: c.failed,
      remaining,
    };
  });
}
