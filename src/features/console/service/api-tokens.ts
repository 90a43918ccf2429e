import { randomBytes } from 'node:crypto';
import { ServiceError } from '../../../core/errors.ts';
import type { KeyRing } from '../../../infra/crypto/keyring.ts';
import { newId } from '../../../infra/ids.ts';
import { type Executor, withTransaction } from '../../../storage/database.ts';
import { insertApiToken, listApiTokenRows, revokeLiveApiToken } from '../../../storage/repositories/api-tokens.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import type { ApiScope } from '../../issuer-api/auth.ts';
import { actorOf, type Principal } from './roles.ts';

const SCOPES: readonly ApiScope[] = ['issuer', 'cavv'];

/** Creates an issuer API token; the token itself is returned once and stored only as a MAC. */
export async function createApiToken(
  db: Executor,
  keys: KeyRing,
  by: Principal,
  name: string,
  scopes: string[],
  at: Date,
): Promise<{ id: string; token: string }> {
  const clean = name.trim();
  if (clean === '' || clean.length > 80) throw new ServiceError('invalid', 'a name is required', 'name');
  const chosen = SCOPES.filter((s) => scopes.includes(s));
  if (chosen.length === 0) throw new ServiceError('invalid', 'choose at least one scope', 'scopes');
  const token = `nsk_${randomBytes(24).toString('base64url')}`;
  const id = newId('tok', at.getTime());
  await withTransaction(db, async (trx) => {
    await insertApiToken(trx, {
      id,
      name: clean,
      tokenMac: keys.mac('token', token),
      scopes: chosen.join(','),
      createdBy: actorOf(by),
      createdAt: at,
    });
    await appendAudit(trx, {
      actor: actorOf(by),
      action: 'console.api_token_created',
      subjectType: 'api_token',
      subjectId: id,
      after: { name: clean, scopes: chosen },
      at,
    });
  });
  return { id, token };
}

export async function revokeApiToken(db: Executor, by: Principal, id: string, reason: string, at: Date): Promise<void> {
  await withTransaction(db, async (trx) => {
    const name = await revokeLiveApiToken(trx, id, at);
    if (name === undefined) throw new ServiceError('not_found', 'no such live token');
    await appendAudit(trx, {
      actor: actorOf(by),
      action: 'console.api_token_revoked',
      subjectType: 'api_token',
      subjectId: id,
      reason: reason.trim() || null,
      before: { revoked: false },
      after: { revoked: true },
      at,
    });
  });
}

export async function listApiTokens(db: Executor) {
  return listApiTokenRows(db);
}
