import type { Executor } from '../database.ts';

/** The demo mail inbox (demo/mail/): the newest outbox emails, newest first. Reads only. */
export async function latestEmailRows(db: Executor, options: { after?: Date | undefined; limit: number }) {
  let query = db
    .selectFrom('emails')
    .select(['id', 'to_address', 'subject', 'text_body', 'purpose', 'status', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit);
  if (options.after) query = query.where('created_at', '>', options.after);
  return query.execute();
}
