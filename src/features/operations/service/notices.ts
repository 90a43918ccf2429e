import type { Actor, ServiceDeps } from '../../../app/deps.ts';
import { ServiceError } from '../../../core/errors.ts';
import { newId } from '../../../infra/ids.ts';
import { type Executor, withTransaction } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import {
  insertNotice,
  type NoticeWithMailing,
  noticesPublishedBetween,
  noticesWithMailing,
  type PublicNotice,
} from '../../../storage/repositories/notices.ts';
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
  await withTransaction(deps.db, async (trx) => {
    await insertNotice(trx, {
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
    });
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
export function listNotices(db: Executor, limit = 100): Promise<NoticeWithMailing[]> {
  return noticesWithMailing(db, limit);
}

/** Published notices for members (portal home): newest first, recent ones only. */
export function recentNotices(db: Executor, at: Date, days = 30, limit = 5): Promise<PublicNotice[]> {
  return noticesPublishedBetween(db, new Date(at.getTime() - days * 86_400_000), at, limit);
}
