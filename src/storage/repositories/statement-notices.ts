import type { Executor } from '../database.ts';

/** Card statement notices (terms art. 5-3-5: the dispute window counts from the statement notice). */
export async function insertStatementNotice(
  db: Executor,
  notice: { id: string; enetId: string; noticeDate: string; channel: 'email' | 'post' },
): Promise<void> {
  await db
    .insertInto('statement_notices')
    .values({ id: notice.id, enet_id: notice.enetId, notice_date: notice.noticeDate, channel: notice.channel })
    .execute();
}
