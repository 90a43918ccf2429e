import type { Executor } from '../database.ts';

/** What fraud investigations read of members and operators (their own aggregates live elsewhere). */

export async function memberContact(db: Executor, enetId: string) {
  return db.selectFrom('members').select(['name', 'email']).where('enet_id', '=', enetId).executeTakeFirst();
}

/** Locks the member row for the caller's transaction; false when there is no such member. */
export async function lockMember(trx: Executor, enetId: string): Promise<boolean> {
  const member = await trx
    .selectFrom('members')
    .select('enet_id')
    .where('enet_id', '=', enetId)
    .forUpdate()
    .executeTakeFirst();
  return member !== undefined;
}

/** Active investigators, by name. */
export async function activeInvestigators(db: Executor) {
  return db
    .selectFrom('operators')
    .select(['id', 'username'])
    .where('role', '=', 'investigator')
    .where('disabled_at', 'is', null)
    .orderBy('username')
    .execute();
}

export async function activeInvestigator(db: Executor, id: string) {
  return db
    .selectFrom('operators')
    .select(['id', 'username'])
    .where('id', '=', id)
    .where('role', '=', 'investigator')
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function operatorName(db: Executor, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('operators').select('username').where('id', '=', id).executeTakeFirst();
  return row?.username;
}
