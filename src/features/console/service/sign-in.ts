import type { ServiceDeps } from '../../../app/deps.ts';
import { dummyPasswordHash, verifyPassword } from '../../../infra/crypto/password.ts';
import { checkTotp, decryptTotpSecret, encryptTotpSecret, newTotpSecret } from '../../../infra/crypto/totp.ts';
import { countHit, forgetCounts, takeSlot } from '../../../infra/rate-limit.ts';
import { type Executor, withTransaction } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import {
  countCodeAttempt,
  findOperator,
  findOperatorByUsername,
  lockCodeStepAt,
  pendingTotpOf,
  setPendingTotp,
  takeTotpStep,
} from '../../../storage/repositories/operators.ts';
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
const WINDOW_MS = 15 * 60_000;
const MAX_CODE_FAILURES = 5;
const LOCK_MS = 15 * 60_000;

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
  const row = await findOperatorByUsername(deps.db, username);
  // Unknown names cost a hash too: no enumeration by timing.
  const ok = await verifyPassword(password, row?.password_hash ?? (await dummyPasswordHash()));
  if (!row || row.disabled_at || !ok) return { kind: 'refused' };
  await forgetCounts(deps.db, deps.keys, pairKey(username, ip));
  return { kind: 'ok', operator: row, needsEnrolment: row.totp_secret_enc === null };
}

/** The secret being enrolled: created on first view and kept (encrypted) until confirmed with a code. */
export async function enrolmentSecret(deps: ServiceDeps, operatorId: string): Promise<string> {
  const pending = await pendingTotpOf(deps.db, operatorId);
  if (pending) return decryptTotpSecret(deps.keys, pending);
  const secret = newTotpSecret();
  await setPendingTotp(deps.db, operatorId, encryptTotpSecret(deps.keys, secret));
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
  const row = await countCodeAttempt(deps.db, operatorId, MAX_CODE_FAILURES, at);
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
  const updated = await withTransaction(deps.db, async (trx) => {
    const next = await takeTotpStep(trx, row.id, step, mode === 'enrol' ? stored : undefined);
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

async function isActive(db: Executor, id: string): Promise<boolean> {
  const row = await findOperator(db, id);
  return row !== undefined && row.disabled_at === null;
}

/** The attempt that reached the cap locks the code step and starts a new count; audited with the lock. */
async function lockCodeStep(db: Executor, id: string, at: Date): Promise<void> {
  await withTransaction(db, async (trx) => {
    if (!(await lockCodeStepAt(trx, id, MAX_CODE_FAILURES, new Date(at.getTime() + LOCK_MS)))) return;
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
