import type { Actor, ServiceDeps } from '../../../app/deps.ts';
import { ServiceError } from '../../../core/errors.ts';
import { isScope, type SuspensionScope } from '../../../core/suspension.ts';
import { newId } from '../../../infra/ids.ts';
import { withTransaction } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import { insertNotice } from '../../../storage/repositories/notices.ts';
import { cardRangeExists } from '../../../storage/repositories/operations-reads.ts';
import {
  cancelWindowNotStarted,
  endWindowInForce,
  insertServiceWindow,
} from '../../../storage/repositories/service-windows.ts';
import { resumedNotice } from './notice-texts.ts';

type Deps = Pick<ServiceDeps, 'db' | 'clock'>;

export interface WindowText {
  title: string;
  titleEn: string;
  body: string;
  bodyEn: string;
}

export interface MaintenanceInput extends WindowText {
  scope: string;
  startsAt: Date;
  endsAt: Date;
  /** terms art. 11-2: announced this long before it starts (0 = urgent, no notice). */
  noticeHours: number;
}

async function checkScope(db: Deps['db'], scope: string): Promise<SuspensionScope> {
  if (!isScope(scope)) throw new ServiceError('invalid', 'scope must be all, sms, registration or range:<id>', 'scope');
  if (scope.startsWith('range:')) {
    if (!(await cardRangeExists(db, scope.slice(6))))
      throw new ServiceError('invalid', 'no card range with that id', 'scope');
  }
  return scope;
}

function checkText(input: WindowText): void {
  for (const [field, value, max] of [
    ['title', input.title, 200],
    ['titleEn', input.titleEn, 200],
    ['body', input.body, 4000],
    ['bodyEn', input.bodyEn, 4000],
  ] as const) {
    if (value.trim() === '' || value.length > max)
      throw new ServiceError('invalid', `${field}: 1–${max} characters`, field);
  }
}

/** Schedules a maintenance window (terms art. 11-2); the scheduler announces, starts and ends it on time. */
export async function scheduleMaintenance(deps: Deps, input: MaintenanceInput, actor: Actor): Promise<string> {
  const scope = await checkScope(deps.db, input.scope);
  checkText(input);
  const at = deps.clock.now();
  if (Number.isNaN(input.startsAt.getTime()) || Number.isNaN(input.endsAt.getTime()))
    throw new ServiceError('invalid', 'start and end must be dates', 'startsAt');
  if (!(input.endsAt > input.startsAt)) throw new ServiceError('invalid', 'the end must be after the start', 'endsAt');
  if (input.endsAt <= at) throw new ServiceError('invalid', 'the end is already past', 'endsAt');
  if (!Number.isInteger(input.noticeHours))
    throw new ServiceError('invalid', 'notice period in whole hours', 'noticeHours');
  if (input.noticeHours < 0 || input.noticeHours > 24 * 60)
    throw new ServiceError('invalid', 'notice period out of range', 'noticeHours');
  const id = newId('win', at.getTime());
  const noticeFrom = new Date(input.startsAt.getTime() - input.noticeHours * 3600_000);
  await withTransaction(deps.db, async (trx) => {
    await insertServiceWindow(trx, {
      id,
      kind: 'maintenance',
      scope,
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      notice_from: noticeFrom,
      title: input.title,
      title_en: input.titleEn,
      body: input.body,
      body_en: input.bodyEn,
      created_by: actor,
      created_at: at,
    });
    await appendAudit(trx, {
      actor,
      action: 'window.schedule',
      subjectType: 'service_window',
      subjectId: id,
      after: {
        scope,
        startsAt: input.startsAt.toISOString(),
        endsAt: input.endsAt.toISOString(),
        noticeHours: input.noticeHours,
      },
      at,
    });
  });
  return id;
}

/** terms art. 11-1: an emergency stop starts now, without notice, and lasts until it is ended. */
export async function startEmergencyStop(
  deps: Deps,
  input: WindowText & { scope: string; reason?: string },
  actor: Actor,
): Promise<string> {
  const scope = await checkScope(deps.db, input.scope);
  checkText(input);
  const at = deps.clock.now();
  const id = newId('win', at.getTime());
  await withTransaction(deps.db, async (trx) => {
    await insertServiceWindow(trx, {
      id,
      kind: 'emergency',
      scope,
      starts_at: at,
      ends_at: null,
      notice_from: at,
      title: input.title,
      title_en: input.titleEn,
      body: input.body,
      body_en: input.bodyEn,
      created_by: actor,
      created_at: at,
    });
    await appendAudit(trx, {
      actor,
      action: 'emergency.start',
      subjectType: 'service_window',
      subjectId: id,
      reason: input.reason?.trim() || null,
      after: { scope },
      at,
    });
  });
  return id;
}

export async function endWindow(deps: Deps, id: string, actor: Actor, reason: string): Promise<void> {
  const at = deps.clock.now();
  await withTransaction(deps.db, async (trx) => {
    // only a window in force now: a future one is cancelled instead, a past one is already over
    const ended = await endWindowInForce(trx, id, at);
    if (!ended) throw new ServiceError('not_found', 'no window in force with that id', 'id');
    // terms art. 11: members learn at once that the service is back (the portal home reads the same row)
    await insertNotice(trx, {
      id: newId('ntc', at.getTime()),
      kind: ended.kind,
      ...resumedNotice(ended, at),
      published_at: at,
      window_id: null,
      created_by: actor,
      created_at: at,
    });
    await appendAudit(trx, {
      actor,
      action: 'window.end',
      subjectType: 'service_window',
      subjectId: id,
      reason,
      after: { endsAt: at.toISOString() },
      at,
    });
  });
}

/**
 * Cancels a maintenance window that has not started. If its notice is already public, a follow-up notice says
 * the maintenance will not happen (the announcement itself stays: notices are a record).
 */
export async function cancelWindow(deps: Deps, id: string, actor: Actor, reason: string): Promise<void> {
  const at = deps.clock.now();
  await withTransaction(deps.db, async (trx) => {
    const cancelled = await cancelWindowNotStarted(trx, id, at);
    if (!cancelled) throw new ServiceError('conflict', 'no scheduled window with that id that has not started', 'id');
    if (cancelled.announced_at !== null) {
      await insertNotice(trx, {
        id: newId('ntc', at.getTime()),
        kind: cancelled.kind,
        title: `【中止】${cancelled.title}`,
        title_en: `Cancelled: ${cancelled.title_en}`,
        body: '先にお知らせしたサービスの停止は行いません。本人認証サービスは通常どおりご利用いただけます。',
        body_en: 'The service pause announced earlier will not take place. The service is available as usual.',
        published_at: at,
        window_id: null,
        created_by: actor,
        created_at: at,
      });
    }
    await appendAudit(trx, {
      actor,
      action: 'window.cancel',
      subjectType: 'service_window',
      subjectId: id,
      reason: reason.trim() || null,
      after: { cancelledAt: at.toISOString(), announced: cancelled.announced_at !== null },
      at,
    });
  });
}
