import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * The CAVV key (CVK) ceremony (docs/cavv.md "Keys", docs/operations.md "CAVV key ceremony").
 *
 * `cvk_keys`: one CVK pair and its life: loaded → registered (with Visa, outside the service) → active →
 * retiring (grace period: still verifies) → retired. At most one active key. `wrapped` is A||B wrapped under the
 * master key with the associated data `ninsho-key:cvk:<wrap_label>`.
 *
 * `cvk_ceremonies` / `cvk_components`: an import in progress. Each component is encrypted under the current data
 * key and deleted once the key is combined.
 *
 * The key ring's CVKs (data_keys purpose 'cvk') are copied in: the newest version becomes the active key in the
 * slot its version's parity gave it (docs/cavv.md), and the newest of the other parity, if any, retiring with 30
 * days of grace, so every CAVV issued so far still verifies. Their KCVs are computed when a node first loads them.
 * A database without any CVK yet gets its generated one the same way when the key ring opens.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `create table cvk_keys (
      id text primary key,
      key_indicator smallint not null check (key_indicator in (1, 2)),
      state text not null check (state in ('loaded', 'registered', 'active', 'retiring', 'retired')),
      origin text not null check (origin in ('components', 'generated', 'key_ring')),
      kcv text check (kcv ~ '^[0-9A-F]{6}$'),
      wrapped text not null,
      wrap_label text not null,
      loaded_by text not null,
      loaded_at timestamptz not null,
      registered_by text,
      registered_at timestamptz,
      visa_reference text,
      visa_registered_on text check (visa_registered_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      activated_by text,
      activated_at timestamptz,
      retiring_at timestamptz,
      grace_ends_at timestamptz,
      retired_at timestamptz
    );
    create unique index cvk_keys_one_active on cvk_keys ((true)) where state = 'active';
    create index cvk_keys_state on cvk_keys (state);

    create table cvk_ceremonies (
      id text primary key,
      components smallint not null check (components in (2, 3)),
      state text not null default 'open' check (state in ('open', 'finished', 'cancelled')),
      started_by text not null,
      started_at timestamptz not null,
      finished_at timestamptz,
      cvk_id text references cvk_keys (id)
    );

    create table cvk_components (
      ceremony_id text not null references cvk_ceremonies (id),
      number smallint not null check (number between 1 and 3),
      officer text not null,
      component_enc text not null,
      kcv text not null,
      entered_at timestamptz not null,
      primary key (ceremony_id, number),
      unique (ceremony_id, officer)
    );

    insert into cvk_keys (id, key_indicator, state, origin, wrapped, wrap_label, loaded_by, loaded_at,
                          activated_by, activated_at)
    select 'cvk_ring_' || version, case when version % 2 = 1 then 1 else 2 end, 'active', 'key_ring', wrapped,
           version::text, 'system', created_at, 'migration:0014', now()
    from data_keys where purpose = 'cvk' order by version desc limit 1;

    insert into cvk_keys (id, key_indicator, state, origin, wrapped, wrap_label, loaded_by, loaded_at,
                          activated_by, activated_at, retiring_at, grace_ends_at)
    select 'cvk_ring_' || d.version, case when d.version % 2 = 1 then 1 else 2 end, 'retiring', 'key_ring', d.wrapped,
           d.version::text, 'system', d.created_at, 'migration:0014', d.created_at, now(), now() + interval '30 days'
    from data_keys d
    where d.purpose = 'cvk'
      and d.version % 2 <> (select max(version) % 2 from data_keys where purpose = 'cvk')
    order by d.version desc limit 1;`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, 'drop table cvk_components;\ndrop table cvk_ceremonies;\ndrop table cvk_keys;');
}
