import type { Actor, ServiceDeps } from '../../../app/deps.ts';
import { ServiceError } from '../../../core/errors.ts';
import { newId } from '../../../infra/ids.ts';
import { enqueueJob } from '../../../infra/jobs/queue.ts';
import { type Executor, withTransaction } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import {
  insertMailing,
  mailingById,
  mailingExistsForNotice,
  mailingsWithNotice,
  recipientCounts,
  setMailingStatus,
} from '../../../storage/repositories/mailings.ts';
import { noticeById } from '../../../storage/repositories/notices.ts';
import { countEnrolledMembersWithEmail } from '../../../storage/repositories/operations-reads.ts';
import type { MailingRow } from '../../../storage/tables/mailings.ts';

/**
 * Member mailings (terms art. 3-2, 11-2, 12-2): one notice emailed to every enrolled member. The work is done by
 * `mailing` jobs (src/features/operations/service/mailings-job.ts), one batch each; this module starts, steers and
 * measures them.
 */

/** Batch size and spacing that keep the queueing rate at or under MAIL_RATE_PER_MINUTE. */
export function mailingPace(ratePerMinute: number): { size: number; intervalMs: number } {
  const size = Math.max(1, Math.min(200, ratePerMinute));
  return { size, intervalMs: Math.ceil((size * 60_000) / ratePerMinute) };
}

/**
 * Starts mailing a published notice, in the caller's transaction (so a terms publication, its notice and its
 * mailing commit together). The first batch job is due at once; wake the worker after the commit.
 */
export async function startMailing(
  trx: Executor,
  input: { noticeId: string; actor: Actor; at: Date },
): Promise<string> {
  const { noticeId, actor, at } = input;
  const notice = await noticeById(trx, noticeId);
  if (!notice) throw new ServiceError('not_found', 'no notice with that id', 'noticeId');
  if (new Date(notice.published_at) > at)
    throw new ServiceError('conflict', 'the notice is not published yet', 'noticeId');
  if (await mailingExistsForNotice(trx, noticeId))
    throw new ServiceError('conflict', 'this notice has already been emailed', 'noticeId');
  // Who is mailed: members enrolled in the service with an email address (the e-net account's).
  const total = await countEnrolledMembersWithEmail(trx);
  const id = newId('mal', at.getTime());
  await insertMailing(trx, { id, noticeId, total, actor, at });
  await enqueueJob(trx, { kind: 'mailing', payload: { mailingId: id, batch: 0 }, at });
  await appendAudit(trx, {
    actor,
    action: 'mailing.start',
    subjectType: 'mailing',
    subjectId: id,
    after: { noticeId, total },
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
  return withTransaction(deps.db, (trx) => startMailing(trx, { noticeId, actor, at }));
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
  await withTransaction(deps.db, async (trx) => {
    const m = await mailingById(trx, id, { lock: true });
    if (!m) throw new ServiceError('not_found', 'no mailing with that id', 'id');
    if (!move.from.includes(m.status)) throw new ServiceError('conflict', `the mailing is ${m.status}`, 'id');
    await setMailingStatus(trx, id, move.to, at);
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
  db: Executor,
  options: { id?: string; limit?: number } = {},
): Promise<MailingProgress[]> {
  const mailings = await mailingsWithNotice(db, { id: options.id, limit: options.limit ?? 50 });
  if (mailings.length === 0) return [];
  const counts = await recipientCounts(
    db,
    mailings.map((m) => m.id),
  );
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
