import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/** Service operations (issue #9): maintenance windows and emergency stops (terms art. 11), public notices. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table service_windows (
  id text primary key,
  kind text not null check (kind in ('maintenance', 'emergency')),
  scope text not null,
  starts_at timestamptz not null,
  ends_at timestamptz,
  notice_from timestamptz,
  title text not null,
  title_en text not null,
  body text not null,
  body_en text not null,
  created_by text not null,
  created_at timestamptz not null,
  cancelled_at timestamptz,
  started_at timestamptz,
  ended_at timestamptz,
  announced_at timestamptz,
  check (ends_at is null or ends_at >= starts_at)
);
create index service_windows_open on service_windows (starts_at) where ended_at is null and cancelled_at is null;

create table notices (
  id text primary key,
  kind text not null check (kind in ('maintenance', 'emergency', 'service_change', 'terms')),
  title text not null,
  title_en text not null,
  body text not null,
  body_en text not null,
  published_at timestamptz not null,
  window_id text references service_windows(id),
  created_by text not null,
  created_at timestamptz not null
);
create index notices_published on notices (published_at);
create unique index notices_window on notices (window_id, kind) where window_id is not null;
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, 'drop table notices, service_windows;');
}
