import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * The member's risk facts kept on the member row (issue #20, docs/risk.md "Bench"): whether the phone was changed
 * and when, a lost/stolen report ever, the open investigations and the trusted merchants' MACs. They change
 * rarely and the AReq path reads them for every card it scores; with them on the row the card lookup already
 * reads, its history read probes five indexes fewer per AReq.
 *
 * Triggers keep them, so no writer can forget to: after any statement that inserts, updates or deletes rows of
 * `phone_bindings`, `enrollment_events`, `investigation_cases` or `trusted_merchants`, `member_risk_refresh`
 * recomputes the four facts of the members those rows belong to, in the writer's transaction. It locks the member
 * rows first (`for no key update`, which the foreign keys' share locks do not block) and computes once the lock is
 * granted (a volatile function takes a new snapshot per statement), so of two writers for one member the second
 * sees what the first committed. The computation is the one `readRiskHistory`
 * (src/storage/repositories/risk-history.ts) makes from the tables; test/risk/member-risk-facts.test.ts checks the
 * two agree after each kind of write.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
alter table members add column risk_phone_changed_at timestamptz;
alter table members add column risk_lost_stolen boolean not null default false;
alter table members add column risk_open_cases integer not null default 0;
alter table members add column risk_trusted_merchants text[] not null default '{}';

create function member_risk_refresh(ids text[]) returns void language plpgsql as $$
begin
perform 1 from members where enet_id = any(ids) order by enet_id for no key update; update members m set
  risk_phone_changed_at = (select max(pb.bound_at) from phone_bindings pb
    where pb.enet_id = m.enet_id and pb.unbound_at is null
      and exists (select 1 from phone_bindings old where old.enet_id = m.enet_id and old.unbound_at is not null)),
  risk_lost_stolen = exists (select 1 from enrollment_events e
    where e.enet_id = m.enet_id and e.reason = 'lost_stolen'),
  risk_open_cases = (select count(*) from investigation_cases c
    where c.enet_id = m.enet_id and c.state not in ('decided', 'closed')),
  risk_trusted_merchants = coalesce((select array_agg(tm.merchant_mac order by tm.merchant_mac)
    from trusted_merchants tm where tm.enet_id = m.enet_id), '{}')
where m.enet_id = any(ids); end
$$;

create function member_risk_inserted() returns trigger language plpgsql as $$
begin perform member_risk_refresh(array(select distinct enet_id from new_rows)); return null; end
$$;

create function member_risk_deleted() returns trigger language plpgsql as $$
begin perform member_risk_refresh(array(select distinct enet_id from old_rows)); return null; end
$$;

create function member_risk_updated() returns trigger language plpgsql as $$
begin
perform member_risk_refresh(array(select enet_id from new_rows union select enet_id from old_rows)); return null; end
$$;

${['phone_bindings', 'enrollment_events', 'investigation_cases', 'trusted_merchants']
  .map(
    (table) => `
create trigger ${table}_risk_inserted after insert on ${table} referencing new table as new_rows
  for each statement execute function member_risk_inserted();
create trigger ${table}_risk_deleted after delete on ${table} referencing old table as old_rows
  for each statement execute function member_risk_deleted();
create trigger ${table}_risk_updated after update on ${table}
  referencing new table as new_rows old table as old_rows for each statement execute function member_risk_updated();
`,
  )
  .join('')}
select member_risk_refresh(array(select enet_id from members));
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
${['phone_bindings', 'enrollment_events', 'investigation_cases', 'trusted_merchants']
  .map(
    (table) => `
drop trigger ${table}_risk_inserted on ${table};
drop trigger ${table}_risk_deleted on ${table};
drop trigger ${table}_risk_updated on ${table};
`,
  )
  .join('')}
drop function member_risk_updated();
drop function member_risk_deleted();
drop function member_risk_inserted();
drop function member_risk_refresh(text[]);
alter table members drop column risk_trusted_merchants;
alter table members drop column risk_open_cases;
alter table members drop column risk_lost_stolen;
alter table members drop column risk_phone_changed_at;
`,
  );
}
