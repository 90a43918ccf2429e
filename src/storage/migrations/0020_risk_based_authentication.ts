import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * Risk-based authentication (issue #20, docs/risk.md).
 *
 * - `risk_policies`: versioned policies as data. One is active at a time; activation is asked by one admin and
 *   approved by another (`activated_by <> requested_by`), and a risk policy names the terms version that describes
 *   it (checked in force at activation). Version 1, challenge every purchase, is the terms' article 4 and active
 *   from the start.
 * - `transactions` gains the risk facts of its AReq (keyed MACs of the device, IP range and merchant, the yen
 *   amount and language) and the assessment (score, decision, rule, reasons, policy version). The reasons hold
 *   signal names and points only, no cardholder data, so they are not sealed.
 * - `trusted_merchants`: the merchants a member trusts (EMV 2.2 whiteListStatus / 2.3.1 trustListStatus).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table risk_policies (
  id text primary key,
  version integer not null unique,
  name text not null,
  name_en text not null,
  body jsonb not null,
  terms_version_id text references terms_versions(id),
  status text not null default 'draft' check (status in ('draft', 'requested', 'active', 'retired')),
  created_by text not null,
  created_at timestamptz not null,
  requested_by text,
  requested_at timestamptz,
  activated_by text,
  activated_at timestamptz,
  retired_at timestamptz,
  check (activated_by is null or requested_by is null or activated_by <> requested_by)
);
create unique index risk_policies_one_active on risk_policies ((true)) where status = 'active';

insert into risk_policies (id, version, name, name_en, body, status, created_by, created_at, activated_by, activated_at)
values ('rpol_challenge_all', 1, 'すべての取引でワンタイムパスワード認証', 'Challenge every purchase',
  '{"mode":"challenge_all","frictionlessBelow":0,"refuseAtOrAbove":101,"maxFrictionlessYen":0,"challengeNewDevice":true,"cardTesting":{"cardAReqsPerHour":5,"cardsPerDevicePerHour":3,"cardsPerIpRangePerHour":10},"exemptions":{"lowValueUpToYen":0,"traUpToYen":0,"maxScore":0},"phoneChangeCooldownHours":72}',
  'active', 'system', now(), 'system', now());

alter table transactions add column risk_device_mac text;
alter table transactions add column risk_ip_range_mac text;
alter table transactions add column risk_merchant_mac text;
alter table transactions add column risk_amount_yen bigint;
alter table transactions add column risk_language text;
alter table transactions add column risk_score smallint;
alter table transactions add column risk_decision text;
alter table transactions add column risk_rule text;
alter table transactions add column risk_reasons jsonb;
alter table transactions add column risk_policy_version integer;
create index transactions_card on transactions (card_ref, created_at) where card_ref is not null;
create index transactions_risk_device on transactions (risk_device_mac, created_at) where risk_device_mac is not null;
create index transactions_risk_ip on transactions (risk_ip_range_mac, created_at) where risk_ip_range_mac is not null;

create table trusted_merchants (
  enet_id text not null references members(enet_id),
  merchant_mac text not null,
  merchant_name text not null,
  added_at timestamptz not null,
  added_from text not null check (added_from in ('challenge', 'portal')),
  primary key (enet_id, merchant_mac)
);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
drop table trusted_merchants;
drop index transactions_risk_ip;
drop index transactions_risk_device;
drop index transactions_card;
alter table transactions drop column risk_policy_version;
alter table transactions drop column risk_reasons;
alter table transactions drop column risk_rule;
alter table transactions drop column risk_decision;
alter table transactions drop column risk_score;
alter table transactions drop column risk_language;
alter table transactions drop column risk_amount_yen;
alter table transactions drop column risk_merchant_mac;
alter table transactions drop column risk_ip_range_mac;
alter table transactions drop column risk_device_mac;
drop table risk_policies;
`,
  );
}
