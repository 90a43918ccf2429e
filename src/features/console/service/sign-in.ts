import type { ServiceDeps } from '../../../app/deps.ts';
import { dummyPasswordHash, verifyPassword } from '../../../infra/crypto/password.ts';
import { checkTotp, decryptTotpSecret, encryptTotpSecret, newTotpSecret } from '../../../infra/crypto/totp.ts';
import { countHit, takeSlot } from '../../../infra/rate-limit.ts';
import type { Db } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import type { OperatorRow } from '../../../storage/schema.ts';
import { actorOf } from './roles.ts';

/**
 * Sign-in throttling (docs/console.md, "Sign-in"). No answer tells an existing username from an unknown one, and
 * no one can lock an operator out by guessing passwords from elsewhere:
 * - every password and every code submitted counts against its client address: `SOURCE_LIMIT` of each per
 *   window, whatever the username;
 * - wrong passwords count against the pair (typed username, address): `PAIR_LIMIT` per window, then that pair
 *   only is refused until the window ends; the typed name need not exist, so the answer is the same either way;
 * - wrong TOTP codes count against the operator (only someone with the password reaches that step):
 *   `MAX_CODE_FAILURES` in a row lock the code step for `LOCK_MS`.
 * Every count is taken before the check, in one statement, so concurrent requests cannot exceed a limit.
 */
export const SOURCE_LIMIT = 30;
export const PAIR_LIMIT = 5;
export const WINDOW_MS = 15 * 60_000;
export const MAX_CODE_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;

export type PasswordStep =
  | { kind: 'ok'; operator: OperatorRow; needsEnrolment: boolean }
  | { kind: 'refused' }
  | { kind: 'rate_limited' };

/** Counts one sign-in step (password, or code) against its client address; true when over the limit. */
export async function sourceOverLimit(
  deps: ServiceDeps,
  ip: string,
  at: Date,
  step: 'password' | 'code' = 'password',
): Promise<boolean> {
  const key = step === 'password' ? `console-signin:${ip}` : `console-signin-code:${ip}`;
  return (await countHit(deps.db, deps.keys, key, at, WINDOW_MS)) > SOURCE_LIMIT;
}

const pairKey = (username: string, ip: string) => `console-signin-pair:${username}\n${ip}`;

export async function checkOperatorPassword(
  deps: ServiceDeps,
  username: string,
  password: string,
  ip: string,
): Promise<PasswordStep> {
  const at = deps.clock.now();
  if (await sourceOverLimit(deps, ip, at)) return { kind: 'rate_limited' };
  // The attempt is counted before the hash is checked; a success forgives the pair's count.
  if ((await takeSlot(deps.db, deps.keys, pairKey(username, ip), at, WINDOW_MS, PAIR_LIMIT)) === undefined)
    return { kind: 'rate_limited' };
  const row = await deps.db.selectFrom('operators').selectAll().where('username', '=', username).executeTakeFirst();
  // Unknown names cost a hash too: no enumeration by timing.
  const ok = await verifyPassword(password, row?.password_hash ?? (await dummyPasswordHash()));
  if (!row || row.disabled_at || !ok) return { kind: 'refused' };
  await deps.db
    .deleteFrom('rate_counters')
    .where('key', '=', deps.keys.mac('ratelimit', pairKey(username, ip)))
    .execute();
  return { kind: 'ok', operator: row, needsEnrolment: row.totp_secret_enc === null };
}

/** The secret being enrolled: created on first view and kept (encrypted) until confirmed with a code. */
export async function enrolmentSecret(deps: ServiceDeps, operatorId: string): Promise<string> {
  const row = await deps.db
    .selectFrom('operators')
    .select('totp_pending_enc')
    .where('id', '=', operatorId)
    .executeTakeFirstOrThrow();
  if (row.totp_pending_enc) return decryptTotpSecret(deps.keys, row.totp_pending_enc);
  const secret = newTotpSecret();
  await deps.db
    .updateTable('operators')
    .set({ totp_pending_enc: encryptTotpSecret(deps.keys, secret) })
    .where('id', '=', operatorId)
    .where('totp_secret_enc', 'is', null)
    .execute();
  return secret;
}

export type CodeStep = { kind: 'ok'; operator: OperatorRow } | { kind: 'refused' } | { kind: 'locked' };

/**
 * The second step: a TOTP code against the enrolled secret, or (`enrol`) against the pending one, which then
 * becomes the enrolled secret. The attempt is counted first (`failed_attempts < MAX`, one conditional UPDATE), so
 * at most `MAX_CODE_FAILURES` codes are ever checked per lock period; the matched time step is then taken in one
 * conditional UPDATE (only a step later than the last), so a code signs in once however many requests carry it.
 */
export async function checkOperatorCode(
  deps: ServiceDeps,
  operatorId: string,
  code: string,
  mode: 'verify' | 'enrol',
): Promise<CodeStep> {
  const at = deps.clock.now();
  const row = await deps.db
    .updateTable('operators')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('id', '=', operatorId)
    .where('disabled_at', 'is', null)
    .where('failed_attempts', '<', MAX_CODE_FAILURES)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
    .returningAll()
    .executeTakeFirst();
  if (!row) return (await isActive(deps.db, operatorId)) ? { kind: 'locked' } : { kind: 'refused' };
  const refuse = async (): Promise<CodeStep> => {
    if (row.failed_attempts >= MAX_CODE_FAILURES) await lockCodeStep(deps.db, row.id, at);
    return { kind: 'refused' };
  };
  const stored = mode === 'enrol' ? row.totp_pending_enc : row.totp_secret_enc;
  if (!stored || (mode === 'enrol' && row.totp_secret_enc)) return refuse();
  const lastStep = row.totp_last_step === null ? null : Number(row.totp_last_step);
  const step = await checkTotp(decryptTotpSecret(deps.keys, stored), code, at, lastStep);
  if (step === undefined) return refuse();
  const updated = await deps.db.transaction().execute(async (trx) => {
    let take = trx
      .updateTable('operators')
      .set({
        failed_attempts: 0,
        locked_until: null,
        totp_last_step: step,
        ...(mode === 'enrol' ? { totp_secret_enc: stored, totp_pending_enc: null } : {}),
      })
      .where('id', '=', row.id)
      .where('disabled_at', 'is', null)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]));
    if (mode === 'enrol') take = take.where('totp_secret_enc', 'is', null).where('totp_pending_enc', '=', stored);
    const next = await take.returningAll().executeTakeFirst();
    if (!next) return undefined;
    await appendAudit(trx, {
      actor: actorOf(row),
      action: mode === 'enrol' ? 'console.totp_enrolled' : 'console.signed_in',
      subjectType: 'operator',
      subjectId: row.id,
      at,
    });
    return next;
  });
  // Another request took this step (or a later one) first: this code has been used.
  return updated ? { kind: 'ok', operator: updated } : refuse();
}

async function isActive(db: Db, id: string): Promise<boolean> {
  const row = await db.selectFrom('operators').select('disabled_at').where('id', '=', id).executeTakeFirst();
  return row !== undefined && row.disabled_at === null;
}

/** The attempt that reached the cap locks the code step and starts a new count; audited with the lock. */
async function lockCodeStep(db: Db, id: string, at: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const locked = await trx
      .updateTable('operators')
      .set({ locked_until: new Date(at.getTime() + LOCK_MS), failed_attempts: 0 })
      .where('id', '=', id)
      .where('failed_attempts', '>=', MAX_CODE_FAILURES)
      .returning('id')
      .executeTakeFirst();
    if (!locked) return;
    await appendAudit(trx, {
      actor: 'system',
      action: 'console.operator_locked_out',
      subjectType: 'operator',
      subjectId: id,
      reason: `${MAX_CODE_FAILURES} wrong sign-in codes`,
      at,
    });
  });
}
