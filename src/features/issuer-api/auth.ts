import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { KeyRing } from '../../infra/crypto/keyring.ts';
import { newId } from '../../infra/ids.ts';
import type { Executor } from '../../storage/database.ts';
import { findApiTokenByMac, insertApiTokenOnce } from '../../storage/repositories/api-tokens.ts';

export type ApiScope = 'issuer' | 'cavv';

export type ApiEnv = { Variables: { requestId: string; tokenId: string; scopes: ApiScope[] } };

/**
 * Bearer tokens are stored as MACs; the presented token is MACed and looked up, then compared in constant time.
 * ISSUER_API_TOKEN bootstraps one token with every scope at start (stored hashed like any other).
 */
export async function bootstrapApiToken(db: Executor, keys: KeyRing, token: string | undefined): Promise<void> {
  if (!token) return;
  await insertApiTokenOnce(db, {
    id: newId('tok'),
    name: 'bootstrap (ISSUER_API_TOKEN)',
    tokenMac: keys.mac('token', token),
    scopes: 'issuer,cavv',
    createdBy: 'system',
  });
}

export function requireToken(db: Executor, keys: KeyRing, scope: ApiScope): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer ([\x21-\x7e]{16,256})$/.exec(header);
    if (!match) return c.json({ code: 'unauthorized', message: 'a bearer token is required' }, 401);
    const mac = keys.mac('token', match[1]!);
    const row = await findApiTokenByMac(db, mac);
    const ok =
      row !== undefined && row.revoked_at === null && timingSafeEqual(Buffer.from(row.token_mac), Buffer.from(mac));
    if (!ok) return c.json({ code: 'unauthorized', message: 'the bearer token is not valid' }, 401);
    const scopes = row.scopes.split(',') as ApiScope[];
    if (!scopes.includes(scope))
      return c.json({ code: 'forbidden', message: `the token lacks the ${scope} scope` }, 403);
    c.set('tokenId', row.id);
    c.set('scopes', scopes);
    await next();
  };
}
