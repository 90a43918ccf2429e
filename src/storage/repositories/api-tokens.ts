import type { Executor } from '../database.ts';

/** Issuer API bearer tokens, stored only as MACs (src/features/issuer-api/auth.ts). */

export interface NewApiToken {
  id: string;
  name: string;
  tokenMac: string;
  /** Comma-separated scopes. */
  scopes: string;
  createdBy: string;
  createdAt?: Date;
}

export async function insertApiToken(db: Executor, token: NewApiToken): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      id: token.id,
      name: token.name,
      token_mac: token.tokenMac,
      scopes: token.scopes,
      created_by: token.createdBy,
      ...(token.createdAt && { created_at: token.createdAt }),
    })
    .execute();
}

/** Inserts the token unless one with the same MAC exists (the bootstrap token, on every start). */
export async function insertApiTokenOnce(db: Executor, token: NewApiToken): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      id: token.id,
      name: token.name,
      token_mac: token.tokenMac,
      scopes: token.scopes,
      created_by: token.createdBy,
    })
    .onConflict((oc) => oc.column('token_mac').doNothing())
    .execute();
}

export async function findApiTokenByMac(db: Executor, tokenMac: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'token_mac', 'scopes', 'revoked_at'])
    .where('token_mac', '=', tokenMac)
    .executeTakeFirst();
}

/** Revokes a live token in one statement; its name, or undefined when there was no live token with that id. */
export async function revokeLiveApiToken(db: Executor, id: string, at: Date): Promise<string | undefined> {
  const row = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(['name'])
    .executeTakeFirst();
  return row?.name;
}

export async function listApiTokenRows(db: Executor) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'scopes', 'created_by', 'created_at', 'revoked_at', 'last_used_at'])
    .orderBy('created_at', 'desc')
    .execute();
}
