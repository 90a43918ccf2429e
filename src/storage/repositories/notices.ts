import type { Insertable } from 'kysely';
import type { Executor } from '../database.ts';
import type { MailingRow } from '../tables/mailings.ts';
import type { NoticeRow, NoticesTable } from '../tables/operations.ts';

/** Public notices (terms art. 3-2, 11-2, 12): /notices, its feed, the portal home and the console. */

export async function insertNotice(db: Executor, row: Insertable<NoticesTable>): Promise<void> {
  await db.insertInto('notices').values(row).execute();
}

/**
 * A window's own notice: at most one per window and kind, so two nodes announcing the same window publish it
 * once. Returns nothing either way.
 */
export async function insertWindowNoticeOnce(db: Executor, row: Insertable<NoticesTable>): Promise<void> {
  await db
    .insertInto('notices')
    .values(row)
    .onConflict((oc) => oc.columns(['window_id', 'kind']).where('window_id', 'is not', null).doNothing())
    .execute();
}

export function noticeById(db: Executor, id: string): Promise<NoticeRow | undefined> {
  return db.selectFrom('notices').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A published notice and, for a window's announcement, when that window ended or was cancelled (if it has). */
export type PublicNotice = NoticeRow & { window_over_at: Date | null };

function publicNotices(db: Executor, at: Date) {
  return db
    .selectFrom('notices')
    .leftJoin('service_windows', 'service_windows.id', 'notices.window_id')
    .selectAll('notices')
    .select((eb) =>
      eb.fn
        .coalesce('service_windows.ended_at', 'service_windows.cancelled_at')
        .$castTo<Date | null>()
        .as('window_over_at'),
    )
    .where('notices.published_at', '<=', at)
    .orderBy('notices.published_at', 'desc');
}

/** Notices published at or before `at`, newest first. */
export function publishedNotices(db: Executor, at: Date, limit: number): Promise<PublicNotice[]> {
  return publicNotices(db, at).limit(limit).execute();
}

/** Notices published in (`since`, `at`], newest first. */
export function noticesPublishedBetween(db: Executor, since: Date, at: Date, limit: number): Promise<PublicNotice[]> {
  return publicNotices(db, at).where('notices.published_at', '>', since).limit(limit).execute();
}

export type NoticeWithMailing = NoticeRow & { mailing_id: string | null; mailing_status: MailingRow['status'] | null };

/** Every notice, newest first, with its mailing if one was started. */
export function noticesWithMailing(db: Executor, limit: number): Promise<NoticeWithMailing[]> {
  return db
    .selectFrom('notices')
    .leftJoin('mailings', 'mailings.notice_id', 'notices.id')
    .selectAll('notices')
    .select(['mailings.id as mailing_id', 'mailings.status as mailing_status'])
    .orderBy('notices.published_at', 'desc')
    .limit(limit)
    .execute();
}
