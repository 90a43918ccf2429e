import { isScope, type SuspensionScope } from '../../core/suspension.ts';
import { newId } from '../../ids.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';
import type { Actor, ServiceDeps } from '../deps.ts';
import { ServiceError } from '../errors.ts';

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

function checkScope(scope: string): SuspensionScope {
  if (!isScope(scope)) throw new ServiceError('invalid', 'scope must be all, sms, registration or range:<id>', 'scope');
  return scope;
}

/** Schedules a maintenance window (terms art. 11-2); the scheduler announces, starts and ends it on time. */
export async function scheduleMaintenance(deps: Deps, input: MaintenanceInput, actor: Actor): Promise<string> {
  const scope = checkScope(input.scope);
  const at = deps.clock.now();
  if (!(input.endsAt > input.startsAt)) throw new ServiceError('invalid', 'the end must be after the start', 'endsAt');
  if (input.noticeHours < 0 || input.noticeHours > 24 * 60)
    throw new ServiceError('invalid', 'notice period out of range', 'noticeHours');
  const id = newId('win', at.getTime());
  const noticeFrom = new Date(input.startsAt.getTime() - input.noticeHours * 3600_000);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('service_windows')
      .values({
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
      })
      .execute();
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
  input: WindowText & { scope: string },
  actor: Actor,
): Promise<string> {
  const scope = checkScope(input.scope);
  const at = deps.clock.now();
  const id = newId('win', at.getTime());
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('service_windows')
      .values({
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
      })
      .execute();
    await appendAudit(trx, {
      actor,
      action: 'emergency.start',
      subjectType: 'service_window',
      subjectId: id,
      after: { scope },
      at,
    });
  });
  return id;
}

export async function endWindow(deps: Deps, id: string, actor: Actor, reason: string): Promise<void> {
  const at = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const ended = await trx
      .updateTable('service_windows')
      .set({ ends_at: at })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .returning(['id', 'scope'])
      .executeTakeFirst();
    if (!ended) throw new ServiceError('not_found', 'no open window with that id', 'id');
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
