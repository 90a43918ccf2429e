import type { Actor, ServiceDeps } from '../../../app/deps.ts';
import { ServiceError } from '../../../core/errors.ts';
import { newId } from '../../../infra/ids.ts';
import type { Db } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import type { NoticeRow } from '../../../storage/tables/operations.ts';
import type { WindowText } from './windows.ts';

/** A service-change notice (terms art. 3-2) or any other announcement, published now or at a given time. */
export async function publishNotice(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  input: WindowText & { kind: NoticeRow['kind']; publishAt?: Date },
  actor: Actor,
): Promise<string> {
  const at = deps.clock.now();
  if (!input.title.trim() || !input.body.trim())
    throw new ServiceError('invalid', 'title and body are required', 'title');
  if (!input.titleEn.trim() || !input.bodyEn.trim())
    throw new ServiceError('invalid', 'the English title and body are required', 'titleEn');
  if (
    [input.title, input.titleEn].some((v) => v.length > 200) ||
    [input.body, input.bodyEn].some((v) => v.length > 4000)
  )
    throw new ServiceError('invalid', 'titles up to 200, texts up to 4000 characters', 'body');
  const id = newId('ntc', at.getTime());
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('notices')
      .values({
        id,
        kind: input.kind,
        title: input.title,
        title_en: input.titleEn,
        body: input.body,
        body_en: input.bodyEn,
        published_at: input.publishAt ?? at,
        window_id: null,
        created_by: actor,
        created_at: at,
      })
      .execute();
    await appendAudit(trx, {
      actor,
      action: 'notice.publish',
      subjectType: 'notice',
      subjectId: id,
      after: { kind: input.kind, title: input.title },
      at,
    });
  });
  return id;
}

/** Every notice, newest first, with its mailing if one was started (console). */
export async function listNotices(db: Db, limit = 100) {
  return db
    .selectFrom('notices')
    .leftJoin('mailings', 'mailings.notice_id', 'notices.id')
    .selectAll('notices')
    .select(['mailings.id as mailing_id', 'mailings.status as mailing_status'])
    .orderBy('notices.published_at', 'desc')
    .limit(limit)
    .execute();
}

/** Published notices for members (portal home): newest first, recent ones only. */
export async function recentNotices(db: Db, at: Date, days = 30, limit = 5): Promise<NoticeRow[]> {
  return db
    .selectFrom('notices')
    .selectAll()
    .where('published_at', '<=', at)
    .where('published_at', '>', new Date(at.getTime() - days * 86_400_000))
    .orderBy('published_at', 'desc')
    .limit(limit)
    .execute();
}
