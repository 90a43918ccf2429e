import { newId } from '../../ids.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';
import type { NoticeRow } from '../../storage/tables/operations.ts';
import type { Actor, ServiceDeps } from '../deps.ts';
import { ServiceError } from '../errors.ts';
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
