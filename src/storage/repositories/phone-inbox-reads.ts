import type { Executor } from '../database.ts';

/** The demo phone inbox (demo/phone/): the newest outbox SMS, newest first. Reads only. */
export async function latestSmsRows(db: Executor, options: { after?: Date | undefined; limit: number }) {
  let query = db
    .selectFrom('sms_messages')
    .select(['id', 'to_masked', 'body_enc', 'status', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit);
  if (options.after) query = query.where('created_at', '>', options.after);
  return query.execute();
}
