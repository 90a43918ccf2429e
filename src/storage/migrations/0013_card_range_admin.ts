import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * Card ranges maintained through the issuer API, the console and the CLI (docs/interfaces.md "Issuer systems").
 * `start_range`/`end_range` keep the bounds exactly as sent (13–19 digits, one length) next to the 19-digit keys the
 * AReq path compares; rows from before keep their keys as their bounds. `card_range_generation` is one row that
 * every range change bumps: nodes compare it every few seconds (a NOTIFY may be missed), and locking it serialises
 * range writes so two overlapping ranges can never both be stored. A range deletion may wait in
 * `pending_approvals` for a second admin (four-eyes), so that table now holds two kinds of request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table card_ranges add column start_range text;
alter table card_ranges add column end_range text;
alter table card_ranges add column updated_at timestamptz not null default now();
update card_ranges set start_range = pan_low, end_range = pan_high;
alter table card_ranges alter column start_range set not null;
alter table card_ranges alter column end_range set not null;
alter table card_ranges add constraint card_ranges_bounds_check check (
  start_range ~ '^[0-9]{13,19}$' and end_range ~ '^[0-9]{13,19}$' and length(start_range) = length(end_range));

create table card_range_generation (
  singleton boolean primary key default true check (singleton),
  generation bigint not null
);
insert into card_range_generation (singleton, generation) values (true, 1);

alter table pending_approvals drop constraint pending_approvals_kind_check;
alter table pending_approvals alter column enet_id drop not null;
alter table pending_approvals add column range_id text;
alter table pending_approvals add constraint pending_approvals_kind_check check (
  (kind = 'deregister' and enet_id is not null and range_id is null)
  or (kind = 'delete_card_range' and range_id is not null and enet_id is null));
create index pending_approvals_range on pending_approvals (range_id, requested_at) where range_id is not null;
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
drop index pending_approvals_range;
delete from pending_approvals where kind = 'delete_card_range';
alter table pending_approvals drop constraint pending_approvals_kind_check;
alter table pending_approvals drop column range_id;
alter table pending_approvals alter column enet_id set not null;
alter table pending_approvals add constraint pending_approvals_kind_check check (kind in ('deregister'));
drop table card_range_generation;
alter table card_ranges drop constraint card_ranges_bounds_check;
alter table card_ranges drop column updated_at;
alter table card_ranges drop column end_range;
alter table card_ranges drop column start_range;
`,
  );
}
