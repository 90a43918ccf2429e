import { randomBytes } from 'node:crypto';
import type { Config } from '../../../app/config.ts';
import { ServiceError } from '../../../core/errors.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../../../infra/crypto/password.ts';
import { newId } from '../../../infra/ids.ts';
import { type Executor, withTransaction } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import {
  clearOperatorTotp,
  disableOperator,
  findOperator,
  insertOperator,
  listOperatorRows,
  listUsernames,
  usernameTaken,
} from '../../../storage/repositories/operators.ts';
import { revokeSubjectSessions } from '../../../storage/repositories/sessions.ts';
import type { OperatorRow } from '../../../storage/schema.ts';
import { actorOf, type Principal, type Role } from './roles.ts';

export interface NewOperator {
  username: string;
  displayName: string;
  role: Role;
}

function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

/**
 * Creates an operator with a one-time initial password (returned once, stored hashed). TOTP is enrolled by
 * the operator at first sign-in; a password issued by an admin must then be changed. `by` is the creating admin, or 'system' for the bootstrap.
 */
export async function createOperator(
  db: Executor,
  input: NewOperator,
  by: Principal | 'system',
  at: Date,
  password: string = generatePassword(),
): Promise<{ id: string; password: string }> {
  if (!/^[a-z0-9._-]{3,32}$/.test(input.username)) throw new ServiceError('invalid', 'bad username', 'username');
  if (input.displayName.trim() === '' || input.displayName.length > 80)
    throw new ServiceError('invalid', 'bad display name', 'displayName');
  if (password.length < MIN_PASSWORD_LENGTH) throw new ServiceError('invalid', 'password too short', 'password');
  const id = newId('opr', at.getTime());
  const passwordHash = await hashPassword(password);
  const actor = by === 'system' ? 'system' : actorOf(by);
  await withTransaction(db, async (trx) => {
    if (await usernameTaken(trx, input.username)) throw new ServiceError('conflict', 'username taken', 'username');
    await insertOperator(trx, {
      id,
      username: input.username,
      displayName: input.displayName.trim(),
      role: input.role,
      passwordHash,
      // An admin issued it: changed at first sign-in (docs/console.md "Operator accounts").
      mustChange: by !== 'system',
      createdBy: actor,
      createdAt: at,
    });
    await appendAudit(trx, {
      actor,
      action: 'console.operator_created',
      subjectType: 'operator',
      subjectId: id,
      after: { username: input.username, role: input.role },
      at,
    });
  });
  return { id, password };
}

export async function listOperators(db: Executor): Promise<OperatorRow[]> {
  return listOperatorRows(db);
}

/** Disables an operator (never deleted: audit rows name them) or clears their TOTP so they enrol again. */
export async function changeOperator(
  db: Executor,
  by: Principal,
  id: string,
  change: 'disable' | 'reset_totp',
  reason: string,
  at: Date,
): Promise<void> {
  if (reason.trim() === '') throw new ServiceError('invalid', 'a reason is required', 'reason');
  if (id === by.id) throw new ServiceError('forbidden', 'not on your own account');
  await withTransaction(db, async (trx) => {
    const row = await findOperator(trx, id, { forUpdate: true });
    if (!row) throw new ServiceError('not_found', 'no such operator');
    if (change === 'disable') await disableOperator(trx, id, at);
    else await clearOperatorTotp(trx, id);
    await revokeSubjectSessions(trx, 'console_sessions', [`op:${id}`, `mfa:${id}`], change, at);
    await appendAudit(trx, {
      actor: actorOf(by),
      action: `console.operator_${change}`,
      subjectType: 'operator',
      subjectId: id,
      reason,
      before: { disabled: row.disabled_at !== null, totpEnrolled: row.totp_secret_enc !== null },
      after: change === 'disable' ? { disabled: true } : { totpEnrolled: false },
      at,
    });
  });
}

const DEMO_OPERATORS: NewOperator[] = [
  { username: 'operator1', displayName: 'Operator One', role: 'operator' },
  { username: 'operator2', displayName: 'Operator Two', role: 'operator' },
  { username: 'investigator', displayName: 'Investigator', role: 'investigator' },
  { username: 'investigator2', displayName: 'Investigator Two', role: 'investigator' },
  { username: 'auditor', displayName: 'Auditor', role: 'auditor' },
];

/**
 * Nodes starting together on an empty database race to create the first accounts: the loser finds the username
 * taken (by the check, or by the unique index when both checked first) and leaves the winner's account alone.
 */
async function createUnlessRaced(
  db: Executor,
  input: NewOperator,
  at: Date,
  password?: string,
): Promise<{ id: string; password: string } | undefined> {
  try {
    return await createOperator(db, input, 'system', at, password);
  } catch (err) {
    if ((await listUsernames(db)).includes(input.username)) return undefined;
    throw err;
  }
}

/**
 * First start: the `admin` account from CONSOLE_ADMIN_PASSWORD (or a generated dev password), and with
 * SEED_DEMO one operator per role. Returns banner lines; passwords appear only when just created (dev only).
 */
export async function bootstrapConsole(db: Executor, config: Config, at: Date): Promise<string[]> {
  const lines: string[] = [];
  const has = new Set(await listUsernames(db));
  if (!has.has('admin')) {
    const given = config.CONSOLE_ADMIN_PASSWORD;
    const made = await createUnlessRaced(
      db,
      { username: 'admin', displayName: 'Administrator', role: 'admin' },
      at,
      given ?? generatePassword(),
    );
    if (made)
      lines.push(
        given
          ? '  console admin "admin" created from CONSOLE_ADMIN_PASSWORD'
          : `  console admin  admin / ${made.password}   (dev password, shown once; enrol TOTP at first sign-in)`,
      );
  }
  if (config.SEED_DEMO) {
    for (const demo of DEMO_OPERATORS) {
      if (has.has(demo.username)) continue;
      const made = await createUnlessRaced(db, demo, at);
      if (made) lines.push(`  console ${demo.role.padEnd(13)} ${demo.username} / ${made.password}   (dev only)`);
    }
  }
  if (lines.length > 0) lines.unshift('', `  Back-office console ${config.PUBLIC_URL}/console`);
  return lines;
}
