import type { Executor } from '../database.ts';

/** Members' portal passwords (scrypt hashes; src/infra/crypto/password.ts). No row: first-time setup not done. */

export async function passwordHashOf(db: Executor, enetId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('portal_credentials')
    .select('password_hash')
    .where('enet_id', '=', enetId)
    .executeTakeFirst();
  return row?.password_hash;
}

/** Sets the member's password (first time or again). */
export async function savePasswordHash(db: Executor, enetId: string, hash: string, at: Date): Promise<void> {
  await db
    .insertInto('portal_credentials')
    .values({ enet_id: enetId, password_hash: hash, password_set_at: at })
    .onConflict((oc) => oc.column('enet_id').doUpdateSet({ password_hash: hash, password_set_at: at }))
    .execute();
}

/** The same password, hashed again with today's parameters (its set date stays). */
export async function rehashPassword(db: Executor, enetId: string, hash: string): Promise<void> {
  await db.updateTable('portal_credentials').set({ password_hash: hash }).where('enet_id', '=', enetId).execute();
}
