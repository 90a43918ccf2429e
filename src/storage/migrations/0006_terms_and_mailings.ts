import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * Terms versions lifecycle and member mailings (issue #9, terms art. 3-2, 12).
 *
 * terms_versions gains a stored status (draft | published); "in force" and "superseded" are derived from the
 * effective dates (src/core/terms.ts). The defaults keep rows written before this migration, and by code that
 * predates it, published; the console always writes every column.
 *
 * A mailing sends one notice to every enrolled member, in batches: a recipient row is written in the same
 * commit as that member's queued email, and (mailing, member) is unique, so a resumed or repeated batch never
 * mails anyone twice. A recipient's delivery state is its email's state (emails.status, or its job dead).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table terms_versions add column status text not null default 'published' check (status in ('draft', 'published'));
alter table terms_versions alter column published_at drop not null;
alter table terms_versions add column change_summary text not null default '';
alter table terms_versions add column change_summary_en text not null default '';
alter table terms_versions add column created_by text not null default 'system';
alter table terms_versions add column created_at timestamptz not null default now();
alter table terms_versions add column updated_at timestamptz;
alter table terms_versions add column published_by text;
update terms_versions set created_at = published_at, updated_at = published_at, published_by = 'system'
  where published_at is not null;
alter table terms_versions add constraint terms_versions_published_has_time
  check (status = 'draft' or published_at is not null);

create table mailings (
  id text primary key,
  notice_id text not null unique references notices(id),
  status text not null check (status in ('running', 'paused', 'cancelled', 'completed')),
  total integer not null,
  batches_done integer not null default 0,
  cursor_enet_id text,
  created_by text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  completed_at timestamptz
);
create index mailings_created on mailings (created_at);

create table mailing_recipients (
  mailing_id text not null references mailings(id),
  enet_id text not null references members(enet_id),
  email_id text not null references emails(id),
  job_id text not null references jobs(id),
  queued_at timestamptz not null,
  primary key (mailing_id, enet_id)
);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
drop table mailing_recipients, mailings;
alter table terms_versions drop constraint terms_versions_published_has_time;
delete from terms_versions where status = 'draft';
alter table terms_versions alter column published_at set not null;
alter table terms_versions drop column status, drop column change_summary, drop column change_summary_en,
  drop column created_by, drop column created_at, drop column updated_at, drop column published_by;
`,
  );
}
