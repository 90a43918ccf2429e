/** Tables and columns of migration 0006: member mailings, and the terms-version lifecycle columns. */
import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** Columns with a database default that older writers leave out; our services always set them. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/** One notice (or terms publication) emailed to every enrolled member, batch by batch. */
export interface MailingsTable {
  id: string;
  notice_id: string;
  /** completed = every recipient's email is queued; delivery continues in the email outbox. */
  status: 'running' | 'paused' | 'cancelled' | 'completed';
  /** Enrolled members with an email when the mailing started; the real count once completed. */
  total: number;
  /** The batch a `mailing` job must carry to run: a repeated or stale job sees another number and does nothing. */
  batches_done: Generated<number>;
  /** The last member id queued: batches walk members in id order. */
  cursor_enet_id: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: Timestamp | null;
}

/** A member a mailing has reached: written in the same commit as the queued email, at most once. */
export interface MailingRecipientsTable {
  mailing_id: string;
  enet_id: string;
  email_id: string;
  job_id: string;
  queued_at: Timestamp;
}

export type MailingRow = Selectable<MailingsTable>;

declare module '../schema.ts' {
  interface Database {
    mailings: MailingsTable;
    mailing_recipients: MailingRecipientsTable;
  }
}

/** terms art. 12: columns 0006 adds to terms_versions (declared in ./portal.ts). */
declare module './portal.ts' {
  interface TermsVersionsTable {
    /** Stored: draft | published. In force / superseded are derived (src/core/terms.ts). */
    status: Defaulted<'draft' | 'published'>;
    change_summary: Defaulted<string>;
    change_summary_en: Defaulted<string>;
    created_by: Defaulted<string>;
    created_at: Defaulted<Date>;
    updated_at: Timestamp | null;
    published_by: string | null;
  }
}
