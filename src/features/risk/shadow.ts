import type { ServiceDeps } from '../../app/deps.ts';
import { ServiceError } from '../../core/errors.ts';
import { withTransaction } from '../../storage/database.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';
import { riskPolicyRow } from '../../storage/repositories/risk-policies.ts';
import {
  clearShadowPolicy,
  insertShadowPolicy,
  shadowComparisonDays,
  shadowFraudLetThrough,
  shadowPolicyRow,
} from '../../storage/repositories/risk-shadow.ts';
import { riskPolicySchema } from './policy.ts';

/**
 * Shadow mode (docs/risk.md): an admin puts a policy that is not in force in shadow, and every AReq the active
 * path scores is also scored with it, without deciding (src/features/risk/areq-step.ts). At most one shadow;
 * putting another replaces it. Each change is audited in its own transaction.
 */
export interface ShadowAdminDeps extends Pick<ServiceDeps, 'db' | 'clock'> {
  /** Rereads the shadow on this node at once (the others within RISK_POLICY_REFRESH_MS). */
  shadowChanged: () => Promise<void>;
}

/** The comparison page shows this many days. */
export const SHADOW_DAYS = 30;
export const SHADOW_FRAUD_LISTED = 100;

export async function startShadow(deps: ShadowAdminDeps, actor: string, policyId: string): Promise<void> {
  const at = deps.clock.now();
  await withTransaction(deps.db, async (trx) => {
    const row = policyId ? await riskPolicyRow(trx, policyId) : undefined;
    if (!row) throw new ServiceError('invalid', 'choose a policy', 'policyId');
    if (row.status === 'active' || row.status === 'retired') {
      throw new ServiceError('invalid', 'only a policy not in force can be put in shadow', 'policyId');
    }
    if (!riskPolicySchema.safeParse(row.body).success) {
      throw new ServiceError('invalid', 'the stored policy is not valid', 'policyId');
    }
    const replaced = await clearShadowPolicy(trx);
    if (!(await insertShadowPolicy(trx, row.id, actor, at))) {
      throw new ServiceError('conflict', 'another admin changed the shadow policy at the same time');
    }
    await appendAudit(trx, {
      actor,
      action: 'risk.shadow_started',
      subjectType: 'risk_policy',
      subjectId: row.id,
      after: { version: row.version, replaced: replaced ?? null },
      at,
    });
  });
  await deps.shadowChanged();
}

export async function stopShadow(deps: ShadowAdminDeps, actor: string): Promise<void> {
  const at = deps.clock.now();
  await withTransaction(deps.db, async (trx) => {
    const stopped = await clearShadowPolicy(trx);
    if (!stopped) throw new ServiceError('conflict', 'no policy is in shadow');
    await appendAudit(trx, {
      actor,
      action: 'risk.shadow_stopped',
      subjectType: 'risk_policy',
      subjectId: stopped,
      after: null,
      at,
    });
  });
  await deps.shadowChanged();
}

/** What the comparison page shows: the shadow, its days, and the fraud-reported purchases it would have let through. */
export async function shadowComparison(deps: Pick<ServiceDeps, 'db' | 'clock'>) {
  const since = new Date(deps.clock.now().getTime() - SHADOW_DAYS * 86_400_000);
  const [shadow, days, fraud] = await Promise.all([
    shadowPolicyRow(deps.db),
    shadowComparisonDays(deps.db, since),
    shadowFraudLetThrough(deps.db, since, SHADOW_FRAUD_LISTED),
  ]);
  return { shadow, days, fraud };
}
