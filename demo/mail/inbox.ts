import type { Db } from '../../src/storage/database.ts';
import { latestEmailRows } from '../../src/storage/repositories/mail-inbox-reads.ts';

export interface MailMessage {
  id: string;
  to: string;
  subject: string;
  body: string;
  purpose: string;
  status: string;
  at: Date;
}

/** The newest outbox emails (newest first): this page exists only without SMTP_URL, outside production. */
export async function latestMails(
  deps: { db: Db },
  options: { after?: Date; limit?: number } = {},
): Promise<MailMessage[]> {
  const rows = await latestEmailRows(deps.db, { after: options.after, limit: options.limit ?? 50 });
  return rows.map((row) => ({
    id: row.id,
    to: row.to_address,
    subject: row.subject,
    body: row.text_body,
    purpose: row.purpose,
    status: row.status,
    at: new Date(row.created_at),
  }));
}
