import { sql } from 'kysely';
import type { Executor } from '../database.ts';
import type { RiskPolicyRow } from '../tables/risk.ts';

/** The policy in shadow (migration 0021, docs/risk.md "Shadow mode"): at most one row. */

/**
 * The active policy and the policy in shadow (while it is a draft or awaiting activation), in one statement: what
 * each node holds in memory (src/features/risk/policy.ts), so shadowing adds no reread.
 */
export async function riskPoliciesInForce(db: Executor): Promise<Array<RiskPolicyRow & { shadowed: boolean }>> {
  return db
    .selectFrom('risk_policies')
    .leftJoin('risk_shadow', 'risk_shadow.policy_id', 'risk_policies.id')
    .selectAll('risk_policies')
    .select(sql<boolean>`risk_shadow.policy_id is not null`.as('shadowed'))
    .where((eb) =>
      eb.or([
        eb('risk_policies.status', '=', 'active'),
        eb.and([eb('risk_shadow.policy_id', 'is not', null), eb('risk_policies.status', 'in', ['draft', 'requested'])]),
      ]),
    )
    .execute();
}

/** The policy in shadow while it is not in force: once activated (or retired) it no longer shadows anything. */
export async function shadowPolicyRow(db: Executor) {
  return db
    .selectFrom('risk_shadow')
    .innerJoin('risk_policies', 'risk_policies.id', 'risk_shadow.policy_id')
    .where('risk_policies.status', 'in', ['draft', 'requested'])
    .select([
      'risk_policies.id',
      'risk_policies.version',
      'risk_policies.name',
      'risk_policies.name_en',
      'risk_policies.body',
      'risk_shadow.since',
      'risk_shadow.set_by',
    ])
    .executeTakeFirst();
}

/** Removes the shadow policy; tells which one it was. */
export async function clearShadowPolicy(db: Executor): Promise<string | undefined> {
  const row = await db.deleteFrom('risk_shadow').returning('policy_id').executeTakeFirst();
  return row?.policy_id;
}

/** Puts a policy in shadow (after clearing the previous one in the same transaction); false if another got in first. */
export async function insertShadowPolicy(db: Executor, policyId: string, by: string, at: Date): Promise<boolean> {
  const rows = await db
    .insertInto('risk_shadow')
    .values({ policy_id: policyId, since: at, set_by: by })
    .onConflict((oc) => oc.doNothing())
    .returning('policy_id')
    .execute();
  return rows.length === 1;
}

/** One JST day of live AReqs scored by both the policy in force and the shadow. */
export interface ShadowDayRow {
  day: string;
  total: number;
  agree: number;
  would_be_frictionless: number;
  would_be_challenged: number;
  would_be_refused: number;
}

/** Per JST day since `since`, newest first: where the shadow's decision agrees with the answer, and where not. */
export async function shadowComparisonDays(db: Executor, since: Date): Promise<ShadowDayRow[]> {
  const result = await sql<ShadowDayRow>`
    select to_char(created_at at time zone 'Asia/Tokyo', 'YYYY-MM-DD') as day,
      count(*)::int as total,
      count(*) filter (where risk_shadow_decision = coalesce(risk_decision, 'challenge'))::int as agree,
      count(*) filter (where risk_shadow_decision = 'frictionless'
        and coalesce(risk_decision, 'challenge') <> 'frictionless')::int as would_be_frictionless,
      count(*) filter (where risk_shadow_decision = 'challenge'
        and coalesce(risk_decision, 'challenge') <> 'challenge')::int as would_be_challenged,
      count(*) filter (where risk_shadow_decision = 'refuse'
        and coalesce(risk_decision, 'challenge') <> 'refuse')::int as would_be_refused
    from transactions
    where risk_shadow_decision is not null and created_at >= ${since}::timestamptz
    group by 1 order by 1 desc`.execute(db);
  return result.rows;
}

/** Shadow-scored transactions since `since` that were later reported as fraud and the shadow answered frictionless. */
export async function shadowFraudLetThrough(db: Executor, since: Date, limit: number) {
  const result = await sql<{
    acs_trans_id: string;
    created_at: Date | string;
    risk_decision: string | null;
    risk_shadow_score: number | null;
    risk_shadow_policy_version: number | null;
    refs: string;
  }>`
    select t.acs_trans_id, t.created_at, t.risk_decision, t.risk_shadow_score, t.risk_shadow_policy_version,
      string_agg(distinct f.reference, ', ') as refs
    from transactions t
    join (
      select frt.acs_trans_id, r.reference from fraud_report_transactions frt join fraud_reports r on r.id = frt.report_id
      union all
      select it.acs_trans_id, c.reference from investigation_transactions it
        join investigation_cases c on c.id = it.case_id where it.acs_trans_id is not null
    ) f on f.acs_trans_id = t.acs_trans_id
    where t.risk_shadow_decision = 'frictionless' and t.created_at >= ${since}::timestamptz
    group by t.acs_trans_id, t.created_at, t.risk_decision, t.risk_shadow_score, t.risk_shadow_policy_version
    order by t.created_at desc
    limit ${limit}`.execute(db);
  return result.rows;
}
