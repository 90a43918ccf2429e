import { dummyPasswordHash, verifyPassword } from '../../crypto/password.ts';
import { checkTotp, decryptTotpSecret, encryptTotpSecret, newTotpSecret } from '../../crypto/totp.ts';
import type { Db } from '../../storage/database.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';
import type { OperatorRow } from '../../storage/schema.ts';
import type { ServiceDeps } from '../deps.ts';
import { countHit } from '../rate-limit.ts';
import { actorOf } from './roles.ts';

/** Lockout after this many wrong passwords or codes in a row (reset by a full sign-in). */
export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;
/** Per client address, whatever the username: slows spraying across accounts. */
const IP_LIMIT = 30;
const IP_WINDOW_MS = 15 * 60_000;

export type PasswordStep =
  | { kind: 'ok'; operator: OperatorRow; needsEnrolment: boolean }
  | { kind: 'refused' }
  | { kind: 'locked' }
  | { kind: 'rate_limited' };

export async function checkOperatorPassword(
  deps: ServiceDeps,
  username: string,
  password: string,
  ip: string,
): Promise<PasswordStep> {
  const at = deps.clock.now();
  if ((await countHit(deps.db, deps.keys, `console-signin:${ip}`, at, IP_WINDOW_MS)) > IP_LIMIT)
    return { kind: 'rate_limited' };
  const row = await deps.db.selectFrom('operators').selectAll().where('username', '=', username).executeTakeFirst();
  // Unknown names cost a hash too: no enumeration by timing.
  const ok = await verifyPassword(password, row?.password_hash ?? (await dummyPasswordHash()));
  if (!row || row.disabled_at) return { kind: 'refused' };
  if (row.locked_until && row.locked_until > at) return { kind: 'locked' };
  if (!ok) {
    await recordFailure(deps.db, row.id, at);
    return { kind: 'refused' };
  }
  return { kind: 'ok', operator: row, needsEnrolment: row.totp_secret_enc === null };
}

async function recordFailure(db: Db, id: string, at: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('operators')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
      .where('id', '=', id)
      .returning('failed_attempts')
      .executeTakeFirstOrThrow();
    if (row.failed_attempts < MAX_FAILURES) return;
    await trx
      .updateTable('operators')
      .set({ locked_until: new Date(at.getTime() + LOCK_MS), failed_attempts: 0 })
      .where('id', '=', id)
      .execute();
    await appendAudit(trx, {
      actor: 'system',
      action: 'console.operator_locked_out',
      subjectType: 'operator',
      subjectId: id,
      reason: `${MAX_FAILURES} failed sign-in steps`,
      at,
    });
  });
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
 * becomes the enrolled secret. Success clears the failure count and records the step against replay.
 */
export async function checkOperatorCode(
  deps: ServiceDeps,
  operatorId: string,
  code: string,
  mode: 'verify' | 'enrol',
): Promise<CodeStep> {
  const at = deps.clock.now();
  const row = await deps.db.selectFrom('operators').selectAll().where('id', '=', operatorId).executeTakeFirst();
  if (!row || row.disabled_at) return { kind: 'refused' };
  if (row.locked_until && row.locked_until > at) return { kind: 'locked' };
  const stored = mode === 'enrol' ? row.totp_pending_enc : row.totp_secret_enc;
  if (!stored || (mode === 'enrol' && row.totp_secret_enc)) return { kind: 'refused' };
  const lastStep = row.totp_last_step === null ? null : Number(row.totp_last_step);
  const step = await checkTotp(decryptTotpSecret(deps.keys, stored), code, at, lastStep);
  if (step === undefined) {
    await recordFailure(deps.db, row.id, at);
    return { kind: 'refused' };
  }
  const updated = await deps.db.transaction().execute(async (trx) => {
    const next = await trx
      .updateTable('operators')
      .set({
        failed_attempts: 0,
        locked_until: null,
        totp_last_step: step,
        ...(mode === 'enrol' ? { totp_secret_enc: stored, totp_pending_enc: null } : {}),
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: actorOf(row),
      action: mode === 'enrol' ? 'console.totp_enrolled' : 'console.signed_in',
      subjectType: 'operator',
      subjectId: row.id,
      at,
    });
    return next;
  });
  return { kind: 'ok', operator: updated };
}
