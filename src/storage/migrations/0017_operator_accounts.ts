import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * Operator accounts (docs/console.md "Operator accounts"): a password issued by an admin or the CLI must be
 * changed at the next sign-in (`password_must_change`), and resetting another admin's password or TOTP waits in
 * `pending_approvals` for a second admin (four-eyes), so that table now holds a third kind of request, naming the
 * operator (`operator_id`; `reason_code` is `reset_password` or `reset_totp`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table operators add column password_must_change boolean not null default false;
alter table operators add column password_changed_at timestamptz;

alter table pending_approvals drop constraint pending_approvals_kind_check;
alter table pending_approvals add column operator_id text references operators(id);
alter table pending_approvals add constraint pending_approvals_kind_check check (
  (kind = 'deregister' and enet_id is not null and range_id is null and operator_id is null)
  or (kind = 'delete_card_range' and range_id is not null and enet_id is null and operator_id is null)
  or (kind = 'reset_operator' and operator_id is not null and enet_id is null and range_id is null
      and reason_code in ('reset_password', 'reset_totp')));
create index pending_approvals_operator on pending_approvals (operator_id, requested_at) where operator_id is not null;
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
drop index pending_approvals_operator;
delete from pending_approvals where kind = 'reset_operator';
alter table pending_approvals drop constraint pending_approvals_kind_check;
alter table pending_approvals drop column operator_id;
alter table pending_approvals add constraint pending_approvals_kind_check check (
  (kind = 'deregister' and enet_id is not null and range_id is null)
  or (kind = 'delete_card_range' and range_id is not null and enet_id is null));
alter table operators drop column password_changed_at;
alter table operators drop column password_must_change;
`,
  );
}
