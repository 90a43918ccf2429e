import type { Kysely } from 'kysely';
import type { SessionsTable } from '../../storage/schema.ts';

type SessionDb = Kysely<Record<string, SessionsTable>>;
export async function f(db: SessionDb, table: string) {
  const row = await db.selectFrom(table).selectAll().where('id_mac', '=', 'x').executeTakeFirst();
  const r2: string | undefined = row?.subject;
  await db
    .updateTable(table)
    .set({ revoked_at: new Date() })
    .where('subject', '=', 'y')
    .where('revoked_at', 'is', null)
    .execute();
  await db
    .insertInto(table)
    .values({
      id_mac: 'a',
      public_id: 'b',
      subject: 'c',
      created_at: new Date(),
      last_seen_at: new Date(),
      reauth_at: new Date(),
      expires_at: new Date(),
      revoked_at: null,
      revoked_reason: null,
      ip: null,
      user_agent: null,
    })
    .execute();
  const rows = await db
    .selectFrom(table)
    .select(['public_id', 'created_at'])
    .where('subject', '=', 'x')
    .orderBy('created_at', 'desc')
    .execute();
  return [r2, rows[0]?.created_at.getTime()];
}
