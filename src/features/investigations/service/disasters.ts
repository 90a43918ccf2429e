import { ServiceError } from '../../../core/errors.ts';
import { newId } from '../../../infra/ids.ts';
import { type Executor, withTransaction } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import {
  disasterPeriods,
  insertDisasterPeriod,
  withdrawDisasterPeriod,
} from '../../../storage/repositories/disaster-periods.ts';
import type { DisasterPeriodRow } from '../../../storage/tables/investigations.ts';
import { actorOf, type Principal } from '../../console/service/roles.ts';
import { type InvestigationDeps, requireInvestigator } from './case-store.ts';
import { jstInstant } from './dates.ts';

/**
 * Terms art. 5-3-8: an investigator declares a period of war, earthquake or similar severe social disorder.
 * Purchases from its start (inclusive) to its end (exclusive) fall under the clause in every open case.
 */
export async function declareDisaster(
  deps: InvestigationDeps,
  by: Principal,
  input: { name: string; startsAt: string; endsAt: string; note: string },
): Promise<string> {
  requireInvestigator(by);
  const name = input.name.trim();
  if (name === '' || name.length > 200) throw new ServiceError('invalid', 'a name is required', 'name');
  const note = input.note.trim();
  if (note === '' || note.length > 2000) throw new ServiceError('invalid', 'say what was declared, by whom', 'note');
  const startsAt = jstInstant(input.startsAt, 'startsAt');
  const endsAt = jstInstant(input.endsAt, 'endsAt');
  if (endsAt <= startsAt) throw new ServiceError('invalid', 'the end must be after the start', 'endsAt');
  const at = deps.clock.now();
  const id = newId('dis', at.getTime());
  await withTransaction(deps.db, async (trx) => {
    await insertDisasterPeriod(trx, { id, name, startsAt, endsAt, note, declaredBy: actorOf(by), declaredAt: at });
    await appendAudit(trx, {
      actor: actorOf(by),
      action: 'investigation.disaster_declared',
      subjectType: 'disaster_period',
      subjectId: id,
      after: { name, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() },
      at,
    });
  });
  return id;
}

/** A declaration made in error is withdrawn (never deleted): decisions already taken keep their snapshot. */
export async function withdrawDisaster(
  deps: InvestigationDeps,
  by: Principal,
  id: string,
  reason: string,
): Promise<void> {
  requireInvestigator(by);
  const why = reason.trim();
  if (why === '') throw new ServiceError('invalid', 'a reason is required', 'reason');
  const at = deps.clock.now();
  await withTransaction(deps.db, async (trx) => {
    const done = await withdrawDisasterPeriod(trx, id, actorOf(by), at);
    if (!done) throw new ServiceError('not_found', 'no such declared period');
    await appendAudit(trx, {
      actor: actorOf(by),
      action: 'investigation.disaster_withdrawn',
      subjectType: 'disaster_period',
      subjectId: id,
      reason: why,
      at,
    });
  });
}

/** Every declared period, newest first, withdrawn ones included (the console's list). */
export async function listDisasters(db: Executor): Promise<DisasterPeriodRow[]> {
  return disasterPeriods(db);
}
