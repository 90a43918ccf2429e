import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * Bulk enrolment imports (issue #17 item 5, docs/operations.md "Bulk enrolment"). One row per import: who started
 * it, its counters, the committed line watermark and the first errors. Each batch of lines updates the row in
 * the same transaction as the members, cards and phones it writes, so after a crash the watermark names exactly
 * the lines already applied and a resumed import skips them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table imports (
  id text primary key,
  status text not null check (status in ('running', 'completed', 'interrupted')),
  source text not null check (source in ('api', 'cli')),
  started_by text not null,
  committed_line integer not null default 0 check (committed_line >= 0),
  created integer not null default 0,
  updated integer not null default 0,
  unchanged integer not null default 0,
  failed integer not null default 0,
  errors jsonb not null default '[]',
  interruption text,
  started_at timestamptz not null,
  updated_at timestamptz not null,
  finished_at timestamptz
);
create index imports_started on imports (started_at desc);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, 'drop table imports;');
}
