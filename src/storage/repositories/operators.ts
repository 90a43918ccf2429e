import type { Executor } from '../database.ts';
import type { OperatorRow, OperatorsTable } from '../schema.ts';

/** Console operators (migration 0003_console). Sign-in counts and code steps are taken in one statement each. */

export async function findOperatorByUsername(db: Executor, username: string): Promise<OperatorRow | undefined> {
  return db.selectFrom('operators').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findOperator(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<OperatorRow | undefined> {
  let query = db.selectFrom('operators').selectAll().where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** An operator who may use the console: not disabled, TOTP enrolled. */
export async function findActiveEnrolledOperator(db: Executor, id: string): Promise<OperatorRow | undefined> {
  return db
    .selectFrom('operators')
    .selectAll()
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .where('totp_secret_enc', 'is not', null)
    .executeTakeFirst();
}

export async function listOperatorRows(db: Executor): Promise<OperatorRow[]> {
  return db.selectFrom('operators').selectAll().orderBy('created_at').execute();
}

export async function listUsernames(db: Executor): Promise<string[]> {
  return (await db.selectFrom('operators').select('username').execute()).map((r) => r.username);
}

export async function usernameTaken(db: Executor, username: string): Promise<boolean> {
  const row = await db.selectFrom('operators').select('id').where('username', '=', username).executeTakeFirst();
  return row !== undefined;
}

export interface NewOperatorRow {
  id: string;
  username: string;
  displayName: string;
  role: OperatorsTable['role'];
  passwordHash: string;
  /** True when someone else chose the password (an admin): the operator must change it (migration 0017). */
  mustChange?: boolean;
  createdBy: string;
  createdAt: Date;
}

export async function insertOperator(db: Executor, op: NewOperatorRow): Promise<void> {
  await db
    .insertInto('operators')
    .values({
      id: op.id,
      username: op.username,
      display_name: op.displayName,
      role: op.role,
      password_hash: op.passwordHash,
      totp_secret_enc: null,
      totp_pending_enc: null,
      totp_last_step: null,
      locked_until: null,
      disabled_at: null,
      password_must_change: op.mustChange ?? false,
      created_by: op.createdBy,
      created_at: op.createdAt,
    })
    .execute();
}

export async function disableOperator(db: Executor, id: string, at: Date): Promise<void> {
  await db.updateTable('operators').set({ disabled_at: at }).where('id', '=', id).execute();
}

/** Forgets the enrolled and pending TOTP secrets: the operator enrols again at next sign-in. */
export async function clearOperatorTotp(db: Executor, id: string): Promise<void> {
  await db
    .updateTable('operators')
    .set({ totp_secret_enc: null, totp_pending_enc: null, totp_last_step: null })
    .where('id', '=', id)
    .execute();
}

export async function pendingTotpOf(db: Executor, id: string): Promise<string | null> {
  const row = await db
    .selectFrom('operators')
    .select('totp_pending_enc')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.totp_pending_enc;
}

/** Stores a secret being enrolled, only while none is enrolled. */
export async function setPendingTotp(db: Executor, id: string, secretEnc: string): Promise<void> {
  await db
    .updateTable('operators')
    .set({ totp_pending_enc: secretEnc })
    .where('id', '=', id)
    .where('totp_secret_enc', 'is', null)
    .execute();
}

/**
 * Counts one code attempt, in one conditional statement: only for an active operator below `max` failures and
 * not locked at `at`. Returns the row after the count, or undefined when the attempt may not be made.
 */
export async function countCodeAttempt(
  db: Executor,
  id: string,
  max: number,
  at: Date,
): Promise<OperatorRow | undefined> {
  return db
    .updateTable('operators')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .where('failed_attempts', '<', max)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
    .returningAll()
    .executeTakeFirst();
}

/**
 * Takes a matched TOTP time step in one conditional statement (only a step later than the last, for an active
 * operator) and clears the failure count. `enrol` also makes `enrolSecret` the enrolled secret, only if it is
 * still the pending one and none is enrolled. Undefined when another request took this step (or a later) first.
 */
export async function takeTotpStep(
  db: Executor,
  id: string,
  step: number,
  enrolSecret?: string,
): Promise<OperatorRow | undefined> {
  let take = db
    .updateTable('operators')
    .set({
      failed_attempts: 0,
      locked_until: null,
      totp_last_step: step,
      ...(enrolSecret !== undefined ? { totp_secret_enc: enrolSecret, totp_pending_enc: null } : {}),
    })
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]));
  if (enrolSecret !== undefined)
    take = take.where('totp_secret_enc', 'is', null).where('totp_pending_enc', '=', enrolSecret);
  return take.returningAll().executeTakeFirst();
}

/** Locks the code step until `until` if the count reached `max` (one statement); true when it locked. */
export async function lockCodeStepAt(db: Executor, id: string, max: number, until: Date): Promise<boolean> {
  const locked = await db
    .updateTable('operators')
    .set({ locked_until: until, failed_attempts: 0 })
    .where('id', '=', id)
    .where('failed_attempts', '>=', max)
    .returning('id')
    .executeTakeFirst();
  return locked !== undefined;
}

/**
 * A new password hash (migration 0017): `mustChange` when an admin or the CLI issued it, false when the operator
 * chose it. An issued password also clears the code-step lock, so the operator can sign in at once.
 */
export async function setOperatorPassword(
  db: Executor,
  id: string,
  passwordHash: string,
  mustChange: boolean,
  at: Date,
): Promise<void> {
  await db
    .updateTable('operators')
    .set({
      password_hash: passwordHash,
      password_must_change: mustChange,
      password_changed_at: at,
      ...(mustChange ? { failed_attempts: 0, locked_until: null } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function markPasswordMustChange(db: Executor, id: string): Promise<void> {
  await db.updateTable('operators').set({ password_must_change: true }).where('id', '=', id).execute();
}
