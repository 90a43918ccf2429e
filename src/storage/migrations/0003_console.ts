import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * Back-office console (issue #7): operators (password + TOTP), their sessions (the shared `SessionsTable`
 * shape), four-eyes approvals, and the audit log made append-only by a trigger (works on PGlite and
 * PostgreSQL; docs/database-permissions.md adds the least-privilege role on PostgreSQL).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table operators (
  id text primary key,
  username text not null unique,
  display_name text not null,
  role text not null check (role in ('admin', 'operator', 'investigator', 'auditor')),
  password_hash text not null,
  totp_secret_enc text,
  totp_pending_enc text,
  totp_last_step bigint,
  failed_attempts integer not null default 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  created_by text not null,
  created_at timestamptz not null
);

create table console_sessions (
  id_mac text primary key,
  public_id text not null unique,
  subject text not null,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  reauth_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_reason text,
  ip text,
  user_agent text
);
create index console_sessions_subject on console_sessions (subject, created_at);

create table pending_approvals (
  id text primary key,
  kind text not null check (kind in ('deregister')),
  enet_id text not null references members(enet_id),
  reason_code text not null,
  note text not null,
  requested_by text not null references operators(id),
  requested_at timestamptz not null,
  status text not null check (status in ('pending', 'approved', 'rejected')),
  decided_by text references operators(id),
  decided_at timestamptz,
  decision_note text,
  check (decided_by is null or decided_by <> requested_by)
);
create index pending_approvals_status on pending_approvals (status, requested_at);
create index pending_approvals_member on pending_approvals (enet_id, requested_at);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin raise exception 'audit_log is append-only (% refused)', tg_op using errcode = '42501'; end
$$;
create trigger audit_log_no_update_delete before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
drop trigger audit_log_no_truncate on audit_log;
drop trigger audit_log_no_update_delete on audit_log;
drop function audit_log_append_only();
drop table pending_approvals, console_sessions, operators;
`,
  );
}

/**
 * Least-privilege grants for the application's PostgreSQL role (docs/database-permissions.md): it may read and
 * write the data tables but only INSERT/SELECT the audit log. Run by the database owner, never by the app.
 */
export function appRoleGrantScript(role: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error('role name must be a plain identifier');
  return `
grant usage on schema public to ${role};
grant select, insert, update, delete on all tables in schema public to ${role};
grant usage, select on all sequences in schema public to ${role};
revoke update, delete, truncate on audit_log from ${role};
grant select, insert on audit_log to ${role};
`;
}
