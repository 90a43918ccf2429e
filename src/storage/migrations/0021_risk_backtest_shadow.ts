import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * Backtest and shadow mode of risk policies (issue #20 item 4, docs/risk.md).
 *
 * - `risk_backtests`: one row per backtest run: the draft policy and its version, the replayed period, who ran it
 *   and when, and the figures (counts per decision, compared with what was answered, and the transactions later
 *   reported as fraud that the draft would have let through frictionless).
 * - `risk_shadow`: the draft policy in shadow, at most one (the unique index on a constant). Live AReqs are also
 *   scored with it, without deciding.
 * - `transactions` gains the shadow's assessment (decision, score, rule, policy version): written by the AReq's one
 *   insert (AREQ_COLUMNS in src/storage/repositories/areq-rows.ts), read per day by the comparison page.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table risk_backtests (
  id text primary key,
  policy_id text not null references risk_policies(id),
  policy_version integer not null,
  days integer not null check (days between 1 and 90),
  from_at timestamptz not null,
  to_at timestamptz not null,
  replayed integer not null,
  capped boolean not null,
  figures jsonb not null,
  run_by text not null,
  run_at timestamptz not null
);
create index risk_backtests_run_at on risk_backtests (run_at);

create table risk_shadow (
  policy_id text primary key references risk_policies(id),
  since timestamptz not null,
  set_by text not null
);
create unique index risk_shadow_one on risk_shadow ((true));

alter table transactions add column risk_shadow_decision text;
alter table transactions add column risk_shadow_score smallint;
alter table transactions add column risk_shadow_rule text;
alter table transactions add column risk_shadow_policy_version integer;
create index transactions_risk_shadow on transactions (created_at) where risk_shadow_decision is not null;
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
drop index transactions_risk_shadow;
alter table transactions drop column risk_shadow_policy_version;
alter table transactions drop column risk_shadow_rule;
alter table transactions drop column risk_shadow_score;
alter table transactions drop column risk_shadow_decision;
drop table risk_shadow;
drop table risk_backtests;
`,
  );
}
