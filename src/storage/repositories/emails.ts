import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../database.ts';
import type { EmailsTable } from '../schema.ts';

/** The email outbox rows: src/infra/channels/email/job.ts sends them. */

export async function insertEmail(trx: Executor, row: Insertable<EmailsTable>): Promise<void> {
  await trx.insertInto('emails').values(row).execute();
}

export function findEmail(db: Executor, emailId: string) {
  return db.selectFrom('emails').selectAll().where('id', '=', emailId).executeTakeFirst();
}

/** What a send attempt changes on the row. */
export async function recordEmailAttempt(
  db: Executor,
  emailId: string,
  change: Pick<Updateable<EmailsTable>, 'status' | 'provider' | 'provider_message_id' | 'error' | 'updated_at'>,
): Promise<void> {
  await db.updateTable('emails').set(change).where('id', '=', emailId).execute();
}
