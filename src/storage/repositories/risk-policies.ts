import { sql } from 'kysely';
import type { Executor } from '../database.ts';
import type { RiskPolicyRow } from '../tables/risk.ts';

/** Versioned risk policies (migration 0020, docs/risk.md). Every state change is one conditional statement. */

export async function activeRiskPolicyRow(db: Executor): Promise<RiskPolicyRow | undefined> {
  return db.selectFrom('risk_policies').selectAll().where('status', '=', 'active').executeTakeFirst();
}

export async function riskPolicyRows(db: Executor): Promise<RiskPolicyRow[]> {
  return db.selectFrom('risk_policies').selectAll().orderBy('version', 'desc').execute();
}

export async function riskPolicyRow(db: Executor, id: string): Promise<RiskPolicyRow | undefined> {
  return db.selectFrom('risk_policies').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface NewRiskPolicy {
  id: string;
  name: string;
  nameEn: string;
  body: unknown;
  termsVersionId: string | null;
  createdBy: string;
  createdAt: Date;
}

/** Inserts a draft with the next version number (the unique index makes a concurrent twin fail, not duplicate). */
export async function insertRiskPolicyDraft(db: Executor, p: NewRiskPolicy): Promise<number> {
  const row = await db
    .insertInto('risk_policies')
    .columns(['id', 'version', 'name', 'name_en', 'body', 'terms_version_id', 'status', 'created_by', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('risk_policies')
        .select([
          sql.val(p.id).as('id'),
          sql<number>`coalesce(max(version), 0) + 1`.as('version'),
          sql.val(p.name).as('name'),
          sql.val(p.nameEn).as('name_en'),
          sql`${JSON.stringify(p.body)}::jsonb`.as('body'),
          sql.val(p.termsVersionId).as('terms_version_id'),
          sql.lit('draft').as('status'),
          sql.val(p.createdBy).as('created_by'),
          sql`${p.createdAt}::timestamptz`.as('created_at'),
        ]),
    )
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

/** draft → requested by the first admin; false when the policy is not a draft (any more). */
export async function markActivationRequested(db: Executor, id: string, by: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('risk_policies')
    .set({ status: 'requested', requested_by: by, requested_at: at })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

/** requested → draft when the second admin declines; false when it was not waiting. */
export async function markActivationDeclined(db: Executor, id: string): Promise<boolean> {
  const r = await db
    .updateTable('risk_policies')
    .set({ status: 'draft', requested_by: null, requested_at: null })
    .where('id', '=', id)
    .where('status', '=', 'requested')
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

/**
 * Retires the active policy and activates this requested one, inside the caller's transaction; false (nothing
 * to undo beyond the transaction) when it is not waiting or `by` asked for it (four-eyes, also a table check).
 */
export async function activateRequestedPolicy(db: Executor, id: string, by: string, at: Date): Promise<boolean> {
  await db
    .updateTable('risk_policies')
    .set({ status: 'retired', retired_at: at })
    .where('status', '=', 'active')
    .execute();
  const r = await db
    .updateTable('risk_policies')
    .set({ status: 'active', activated_by: by, activated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'requested')
    .where('requested_by', '<>', by)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

/** The policy a transaction was assessed under (`transactions.risk_policy_version`); undefined for version 0. */
export async function riskPolicyByVersion(db: Executor, version: number): Promise<RiskPolicyRow | undefined> {
  return db.selectFrom('risk_policies').selectAll().where('version', '=', version).executeTakeFirst();
}
