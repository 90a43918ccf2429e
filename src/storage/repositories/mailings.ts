import { sql } from 'kysely';
import type { Executor } from '../database.ts';
import type { MailingRow } from '../tables/mailings.ts';

/** Member mailings (terms art. 3-2, 11-2, 12-2) and the members each one has reached. */

export function mailingById(
  db: Executor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<MailingRow | undefined> {
  const query = db.selectFrom('mailings').selectAll().where('id', '=', id);
  return (options.lock ? query.forUpdate() : query).executeTakeFirst();
}

export async function mailingExistsForNotice(db: Executor, noticeId: string): Promise<boolean> {
  return (
    (await db.selectFrom('mailings').select('id').where('notice_id', '=', noticeId).executeTakeFirst()) !== undefined
  );
}

export async function insertMailing(
  db: Executor,
  m: { id: string; noticeId: string; total: number; actor: string; at: Date },
): Promise<void> {
  await db
    .insertInto('mailings')
    .values({
      id: m.id,
      notice_id: m.noticeId,
      status: 'running',
      total: m.total,
      cursor_enet_id: null,
      created_by: m.actor,
      created_at: m.at,
      updated_at: m.at,
      completed_at: null,
    })
    .execute();
}

export async function setMailingStatus(
  db: Executor,
  id: string,
  status: MailingRow['status'],
  at: Date,
): Promise<void> {
  await db.updateTable('mailings').set({ status, updated_at: at }).where('id', '=', id).execute();
}

/** Records a batch: the cursor moves and the batch counter advances. */
export async function advanceMailing(
  db: Executor,
  id: string,
  batch: { cursor: string | null; batchesDone: number; at: Date },
): Promise<void> {
  await db
    .updateTable('mailings')
    .set({ cursor_enet_id: batch.cursor, batches_done: batch.batchesDone, updated_at: batch.at })
    .where('id', '=', id)
    .execute();
}

/** Records the last batch: completed, with the real number of recipients as its total. */
export async function completeMailing(
  db: Executor,
  id: string,
  batch: { cursor: string | null; batchesDone: number; at: Date },
): Promise<void> {
  await db
    .updateTable('mailings')
    .set((eb) => ({
      status: 'completed',
      cursor_enet_id: batch.cursor,
      batches_done: batch.batchesDone,
      total: eb.selectFrom('mailing_recipients').select(eb.fn.countAll<number>().as('n')).where('mailing_id', '=', id),
      completed_at: batch.at,
      updated_at: batch.at,
    }))
    .where('id', '=', id)
    .execute();
}

/** Which of these members the mailing has already reached. */
export async function recipientsAmong(db: Executor, mailingId: string, enetIds: readonly string[]): Promise<string[]> {
  if (enetIds.length === 0) return [];
  const rows = await db
    .selectFrom('mailing_recipients')
    .select('enet_id')
    .where('mailing_id', '=', mailingId)
    .where('enet_id', 'in', [...enetIds])
    .execute();
  return rows.map((r) => r.enet_id);
}

export interface MailingRecipient {
  enetId: string;
  emailId: string;
  jobId: string;
  queuedAt: Date;
}

export async function insertRecipients(
  db: Executor,
  mailingId: string,
  rows: readonly MailingRecipient[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('mailing_recipients')
    .values(
      rows.map((r) => ({
        mailing_id: mailingId,
        enet_id: r.enetId,
        email_id: r.emailId,
        job_id: r.jobId,
        queued_at: r.queuedAt,
      })),
    )
    .execute();
}

export type MailingWithNotice = MailingRow & { notice_title: string };

/** The newest mailings (or the one with `id`), with their notice's title. */
export function mailingsWithNotice(
  db: Executor,
  options: { id?: string | undefined; limit: number },
): Promise<MailingWithNotice[]> {
  let query = db
    .selectFrom('mailings')
    .innerJoin('notices', 'notices.id', 'mailings.notice_id')
    .selectAll('mailings')
    .select('notices.title as notice_title')
    .orderBy('mailings.created_at', 'desc')
    .limit(options.limit);
  if (options.id !== undefined) query = query.where('mailings.id', '=', options.id);
  return query.execute();
}

export interface RecipientCounts {
  mailing_id: string;
  /** Recipients with a queued email. */
  created: number;
  sent: number;
  /** The email failed, or its job died before it was sent. */
  failed: number;
}

/** Per mailing: recipients, and how their emails fared (from the emails and their jobs). */
export function recipientCounts(db: Executor, mailingIds: readonly string[]): Promise<RecipientCounts[]> {
  return db
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
    .where('r.mailing_id', 'in', [...mailingIds])
    .groupBy('r.mailing_id')
    .execute();
}
