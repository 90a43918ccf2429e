import type { Executor } from '../../storage/database.ts';
import { riskPolicyByVersion } from '../../storage/repositories/risk-policies.ts';
import { riskPolicySchema } from './policy.ts';

/** The policy an AReq was assessed under, as an explanation names it (src/core/risk/explain.ts). */
export interface AppliedPolicy {
  /** 0: no policy applied (not yet loaded, or the active risk policy's terms no longer in force). */
  version: number;
  name: string | null;
  nameEn: string | null;
  /** The thresholds of a risk policy; null under challenge-everything. */
  frictionlessBelow: number | null;
  refuseAtOrAbove: number | null;
}

/** Reads `transactions.risk_policy_version`'s policy: its names and, for a risk policy, its thresholds. */
export async function appliedPolicy(db: Executor, version: number | null): Promise<AppliedPolicy> {
  const v = version ?? 0;
  const row = v > 0 ? await riskPolicyByVersion(db, v) : undefined;
  const body = riskPolicySchema.safeParse(row?.body);
  const risk = body.success && body.data.mode === 'risk' ? body.data : undefined;
  return {
    version: v,
    name: row?.name ?? null,
    nameEn: row?.name_en ?? null,
    frictionlessBelow: risk?.frictionlessBelow ?? null,
    refuseAtOrAbove: risk?.refuseAtOrAbove ?? null,
  };
}
