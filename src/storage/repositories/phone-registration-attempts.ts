import type { Insertable } from 'kysely';
import type { Executor } from '../database.ts';
import type { PhoneRegistrationAttemptRow } from '../schema.ts';
import type { PhoneRegistrationAttemptsTable } from '../tables/portal.ts';

/**
 * A member's attempt to register or change a phone number (terms art. 2-1 / 2-2): one pending at a time, its
 * codes bound to the attempt (otp-codes.ts), its sends and failures counted here.
 */

/** Ends the member's pending attempt (a new number replaces the one waiting for its code) and starts another. */
export async function replacePendingAttempt(
  trx: Executor,
  attempt: Insertable<PhoneRegistrationAttemptsTable>,
  at: Date,
): Promise<void> {
  await trx
    .updateTable('phone_registration_attempts')
    .set({ status: 'ended', ended_at: at })
    .where('enet_id', '=', attempt.enet_id)
    .where('status', '=', 'pending')
    .execute();
  await trx.insertInto('phone_registration_attempts').values(attempt).execute();
}

/** The member's newest pending attempt of this session; `lock` takes it FOR UPDATE; `liveAt` skips expired ones. */
export function pendingAttemptOf(
  db: Executor,
  enetId: string,
  sessionMac: string,
  opts: { liveAt?: Date; lock?: boolean } = {},
): Promise<PhoneRegistrationAttemptRow | undefined> {
  let q = db
    .selectFrom('phone_registration_attempts')
    .selectAll()
    .where('enet_id', '=', enetId)
    .where('session_mac', '=', sessionMac)
    .where('status', '=', 'pending');
  if (opts.liveAt) q = q.where('expires_at', '>', opts.liveAt);
  q = q.orderBy('created_at', 'desc').limit(1);
  return (opts.lock ? q.forUpdate() : q).executeTakeFirst();
}

/** Records a wrong code (the attempt dies at the cap: `dead`). */
export async function recordAttemptFailure(
  db: Executor,
  attemptId: string,
  failures: number,
  dead: boolean,
  at: Date,
): Promise<void> {
  await db
    .updateTable('phone_registration_attempts')
    .set({ failures, ...(dead && { status: 'dead' as const, ended_at: at }) })
    .where('id', '=', attemptId)
    .execute();
}

export async function endAttempt(db: Executor, id: string, status: 'confirmed' | 'ended', at: Date): Promise<void> {
  await db.updateTable('phone_registration_attempts').set({ status, ended_at: at }).where('id', '=', id).execute();
}

/** A phone change, with the time until which no frictionless decision may be taken. */
export async function recordPhoneChange(
  trx: Executor,
  change: { id: string; enetId: string; bindingId: string; at: Date; cooldownUntil: Date },
): Promise<void> {
  await trx
    .insertInto('phone_changes')
    .values({
      id: change.id,
      enet_id: change.enetId,
      binding_id: change.bindingId,
      changed_at: change.at,
      cooldown_until: change.cooldownUntil,
    })
    .execute();
}

/** The end of the member's newest phone-change cooldown still running at `at`. */
export async function phoneChangeCooldownEnd(db: Executor, enetId: string, at: Date): Promise<Date | undefined> {
  const row = await db
    .selectFrom('phone_changes')
    .select('cooldown_until')
    .where('enet_id', '=', enetId)
    .where('cooldown_until', '>', at)
    .orderBy('changed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? new Date(row.cooldown_until) : undefined;
}

/** Ends the member's pending phone-registration attempts; returns how many ended. */
export async function endPendingRegistrationAttempts(db: Executor, enetId: string, at: Date): Promise<number> {
  const result = await db
    .updateTable('phone_registration_attempts')
    .set({ status: 'ended', ended_at: at })
    .where('enet_id', '=', enetId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
