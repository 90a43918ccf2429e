import { randomBytes } from 'node:crypto';
import type { ServiceDeps } from '../../../app/deps.ts';
import { ServiceError } from '../../../core/errors.ts';
import {
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  verifyPassword,
} from '../../../infra/crypto/password.ts';
import { newId } from '../../../infra/ids.ts';
import { takeSlot } from '../../../infra/rate-limit.ts';
import { type Executor, type Trx, withTransaction } from '../../../storage/database.ts';
import {
  hasPendingOperatorReset,
  insertOperatorResetRequest,
  lockApproval,
  type OperatorReset,
  pendingOperatorResets,
  recordDecision,
} from '../../../storage/repositories/approvals.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import {
  clearOperatorTotp,
  findOperator,
  findOperatorByUsername,
  listOperatorRows,
  setOperatorPassword,
} from '../../../storage/repositories/operators.ts';
import { revokeSubjectSessions } from '../../../storage/repositories/sessions.ts';
import type { OperatorRow } from '../../../storage/schema.ts';
import { actorOf, type Principal } from './roles.ts';

/**
 * Operator accounts (docs/console.md "Operator accounts"): an operator changes their own password; an admin (or the
 * CLI, audited as `cli`) resets another operator's password or TOTP. A password issued by someone else is marked
 * must-change: the console then shows only the change page until the operator picks their own. Resetting another
 * admin waits for a second admin's approval (four-eyes, in `pending_approvals`); the CLI is the way back when no
 * admin can sign in, so it resets at once.
 */

export const RESETS: readonly OperatorReset[] = ['reset_password', 'reset_totp'];

export function isReset(value: string): value is OperatorReset {
  return (RESETS as readonly string[]).includes(value);
}

/** A temporary password: 20 characters from 15 random bytes (base64url), well above the policy's minimum. */
export function temporaryPassword(): string {
  return randomBytes(15).toString('base64url');
}

/** The password policy (the same minimum as issued passwords): 12–128 characters, not the username. */
export function passwordPolicyError(password: string, username: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (password.length > MAX_PASSWORD_LENGTH) return 'too_long';
  if (password.toLowerCase().includes(username.toLowerCase())) return 'contains_username';
  return undefined;
}

const CHANGE_LIMIT = 5;
const CHANGE_WINDOW_MS = 15 * 60_000;

/**
 * The operator's own change: current password, then the new one twice. Every refusal names its field and changes
 * nothing; at most `CHANGE_LIMIT` attempts per window are checked (a stolen session cannot guess the password).
 * On success every session of the operator ends (the caller then starts a fresh one for this browser).
 */
export async function changeOwnPassword(
  deps: Pick<ServiceDeps, 'db' | 'keys' | 'clock'>,
  by: Principal,
  input: { current: string; next: string; confirm: string },
): Promise<void> {
  const at = deps.clock.now();
  if (input.next !== input.confirm) throw new ServiceError('invalid', 'the two new passwords differ', 'confirm');
  const policy = passwordPolicyError(input.next, by.username);
  if (policy) throw new ServiceError('invalid', policy, 'next');
  if (input.next === input.current) throw new ServiceError('invalid', 'same_as_current', 'next');
  const key = `console-password-change:${by.id}`;
  if ((await takeSlot(deps.db, deps.keys, key, at, CHANGE_WINDOW_MS, CHANGE_LIMIT)) === undefined)
    throw new ServiceError('rate_limited', 'too many attempts', 'current');
  const row = await findOperator(deps.db, by.id);
  if (!row || !(await verifyPassword(input.current, row.password_hash)))
    throw new ServiceError('invalid', 'wrong current password', 'current');
  const hash = await hashPassword(input.next);
  await withTransaction(deps.db, async (trx) => {
    await setOperatorPassword(trx, by.id, hash, false, at);
    await revokeSubjectSessions(trx, 'console_sessions', [`op:${by.id}`, `mfa:${by.id}`], 'password_changed', at);
    await appendAudit(trx, {
      actor: actorOf(by),
      action: 'console.password_changed',
      subjectType: 'operator',
      subjectId: by.id,
      before: { mustChange: row.password_must_change },
      after: { mustChange: false },
      at,
    });
  });
}

export type ResetOutcome = { kind: 'done'; password?: string } | { kind: 'pending'; approvalId: string };

/** Applies a reset inside the caller's transaction: audited with `actor`; returns the temporary password. */
async function applyReset(
  trx: Trx,
  target: OperatorRow,
  change: OperatorReset,
  actor: string,
  reason: string,
  at: Date,
  approvalId?: string,
): Promise<string | undefined> {
  let password: string | undefined;
  if (change === 'reset_password') {
    password = temporaryPassword();
    await setOperatorPassword(trx, target.id, await hashPassword(password), true, at);
  } else {
    await clearOperatorTotp(trx, target.id);
  }
  await revokeSubjectSessions(trx, 'console_sessions', [`op:${target.id}`, `mfa:${target.id}`], change, at);
  await appendAudit(trx, {
    actor,
    action: `console.operator_${change}`,
    subjectType: 'operator',
    subjectId: target.id,
    reason,
    before:
      change === 'reset_password'
        ? { mustChange: target.password_must_change }
        : { totpEnrolled: target.totp_secret_enc !== null },
    after: {
      ...(change === 'reset_password' ? { mustChange: true } : { totpEnrolled: false }),
      ...(approvalId ? { approval: approvalId } : {}),
    },
    at,
  });
  return password;
}

function requireReason(reason: string): string {
  const text = reason.trim();
  if (text === '' || text.length > 1000) throw new ServiceError('invalid', 'a reason is required', 'reason');
  return text;
}

/**
 * An admin resets another operator's password or TOTP. A non-admin target is reset at once (the temporary
 * password is returned, to be shown once); an admin target files a request that a second admin decides.
 */
export async function resetOperator(
  db: Executor,
  by: Principal,
  targetId: string,
  change: OperatorReset,
  reason: string,
  at: Date,
): Promise<ResetOutcome> {
  const text = requireReason(reason);
  if (targetId === by.id) throw new ServiceError('forbidden', 'not on your own account');
  return withTransaction(db, async (trx) => {
    const target = await findOperator(trx, targetId, { forUpdate: true });
    if (!target) throw new ServiceError('not_found', 'no such operator');
    if (target.disabled_at) throw new ServiceError('conflict', 'the operator is disabled');
    if (target.role !== 'admin') {
      const password = await applyReset(trx, target, change, actorOf(by), text, at);
      return password ? { kind: 'done', password } : { kind: 'done' };
    }
    if (await hasPendingOperatorReset(trx, targetId))
      throw new ServiceError('conflict', 'a reset of this admin is already waiting for approval');
    const approvalId = newId('apr', at.getTime());
    await insertOperatorResetRequest(trx, {
      id: approvalId,
      operatorId: targetId,
      change,
      note: text,
      requestedBy: by.id,
      requestedAt: at,
    });
    await appendAudit(trx, {
      actor: actorOf(by),
      action: 'console.operator_reset_requested',
      subjectType: 'operator',
      subjectId: targetId,
      reason: text,
      after: { approval: approvalId, change },
      at,
    });
    return { kind: 'pending', approvalId };
  });
}

/** The second admin's decision on an admin reset; the requester can never decide their own request. */
export async function decideOperatorReset(
  db: Executor,
  by: Principal,
  approvalId: string,
  decision: 'approved' | 'rejected',
  note: string,
  at: Date,
): Promise<{ targetId: string; change: OperatorReset; password?: string }> {
  const text = note.trim().slice(0, 1000);
  return withTransaction(db, async (trx) => {
    const req = await lockApproval(trx, approvalId);
    if (req?.kind !== 'reset_operator' || !req.operator_id || !isReset(req.reason_code))
      throw new ServiceError('not_found', 'no such request');
    if (req.status !== 'pending') throw new ServiceError('conflict', 'already decided');
    if (req.requested_by === by.id)
      throw new ServiceError('forbidden', 'the requester cannot approve their own request');
    if (req.operator_id === by.id) throw new ServiceError('forbidden', 'not on your own account');
    const change = req.reason_code;
    await recordDecision(trx, approvalId, { status: decision, by: by.id, at, note: text || null });
    await appendAudit(trx, {
      actor: actorOf(by),
      action: `console.operator_reset_${decision}`,
      subjectType: 'operator',
      subjectId: req.operator_id,
      reason: text || null,
      before: { approval: approvalId, status: 'pending', requestedBy: req.requested_by, change },
      after: { status: decision },
      at,
    });
    const result = { targetId: req.operator_id, change };
    if (decision === 'rejected') return result;
    const target = await findOperator(trx, req.operator_id, { forUpdate: true });
    if (!target || target.disabled_at) return result;
    const password = await applyReset(trx, target, change, actorOf(by), req.note, at, approvalId);
    return password ? { ...result, password } : result;
  });
}

export function listPendingOperatorResets(db: Executor) {
  return pendingOperatorResets(db);
}

/**
 * `npm run ninsho -- operators reset-password|reset-totp <username>`: at once, whatever the role, audited as
 * `cli` (whoever runs the CLI on the server already holds the data key). The way back for a lost admin password.
 */
export async function resetOperatorFromCli(
  db: Executor,
  username: string,
  change: OperatorReset,
  at: Date,
): Promise<{ password?: string }> {
  return withTransaction(db, async (trx) => {
    const found = await findOperatorByUsername(trx, username);
    if (!found) throw new ServiceError('not_found', `no operator named ${username}`, 'username');
    const target = await findOperator(trx, found.id, { forUpdate: true });
    if (!target) throw new ServiceError('not_found', `no operator named ${username}`, 'username');
    if (target.disabled_at) throw new ServiceError('conflict', `${username} is disabled`, 'username');
    const password = await applyReset(trx, target, change, 'cli', `reset from the CLI`, at);
    return password ? { password } : {};
  });
}

export async function listOperatorAccounts(db: Executor): Promise<OperatorRow[]> {
  return listOperatorRows(db);
}
