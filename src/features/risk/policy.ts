import { z } from 'zod';
import type { RiskPolicy } from '../../core/risk/types.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Db } from '../../storage/database.ts';
import { riskPoliciesInForce } from '../../storage/repositories/risk-shadow.ts';
import { termsInForceOn } from '../../storage/repositories/terms-versions.ts';

const score = z.number().int().min(0).max(101);
const yen = z.number().int().min(0).max(100_000_000);
const count = z.number().int().min(1).max(10_000);

/** A policy body as stored in risk_policies.body and typed in the console (src/core/risk/types.ts RiskPolicy). */
export const riskPolicySchema = z
  .object({
    mode: z.enum(['challenge_all', 'risk']),
    frictionlessBelow: score,
    refuseAtOrAbove: score,
    maxFrictionlessYen: yen,
    challengeNewDevice: z.boolean(),
    cardTesting: z
      .object({ cardAReqsPerHour: count, cardsPerDevicePerHour: count, cardsPerIpRangePerHour: count })
      .strict(),
    exemptions: z.object({ lowValueUpToYen: yen, traUpToYen: yen, maxScore: score }).strict(),
    phoneChangeCooldownHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 90),
  })
  .strict()
  .refine((p) => p.frictionlessBelow <= p.refuseAtOrAbove, { path: ['frictionlessBelow'] });

export interface PolicyInForce {
  version: number;
  policy: RiskPolicy;
}

/** How often each node rereads the active policy: an activation applies everywhere within this time. */
export const RISK_POLICY_REFRESH_MS = 2_000;

/**
 * The active policy, held in memory so the AReq path reads no policy row: `current()` is synchronous and starts a
 * background reload once the copy is older than RISK_POLICY_REFRESH_MS. An unreadable or invalid row keeps the
 * copy in force (logged); before the first load nothing is frictionless (version 0, challenge everything). A risk
 * policy whose terms version is no longer in force (new terms took effect at midnight) is not applied either:
 * version 0 again, until admins activate a policy the new terms describe.
 */
export class ActiveRiskPolicy {
  #inForce: PolicyInForce;
  #shadow: PolicyInForce | undefined;
  #loadedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<void> | undefined;
  #autoRefresh = true;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly fallback: RiskPolicy,
    private readonly now: () => number = Date.now,
  ) {
    this.#inForce = { version: 0, policy: fallback };
  }

  current(): PolicyInForce {
    if (this.#autoRefresh && this.now() - this.#loadedAt > RISK_POLICY_REFRESH_MS && !this.#loading) void this.reload();
    return this.#inForce;
  }

  /**
   * The copy stays as loaded until reload() is called: for a node started without background work, whose every
   * statement must come from a request (test/challenge/statement-budget.test.ts).
   */
  stopAutoRefresh(): void {
    this.#autoRefresh = false;
  }

  /** The policy in shadow, reread with the active one (docs/risk.md "Shadow mode"); undefined: none. */
  shadow(): PolicyInForce | undefined {
    return this.#shadow;
  }

  reload(): Promise<void> {
    this.#loading ??= this.#load().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  async #load(): Promise<void> {
    try {
      // the active policy and the one in shadow, in one statement
      const rows = await riskPoliciesInForce(this.db);
      this.#loadedAt = this.now();
      const row = rows.find((r) => r.status === 'active');
      const shadowRow = rows.find((r) => r.shadowed && r.status !== 'active');
      const shadow = shadowRow && riskPolicySchema.safeParse(shadowRow.body);
      this.#shadow = shadowRow && shadow?.success ? { version: shadowRow.version, policy: shadow.data } : undefined;
      if (!row) return;
      const parsed = riskPolicySchema.safeParse(row.body);
      if (!parsed.success) {
        this.logger.error({ version: row.version }, 'active risk policy is invalid; keeping the previous one');
        return;
      }
      const described =
        parsed.data.mode === 'challenge_all' ||
        (await termsInForceOn(this.db, new Date(this.now())))?.id === row.terms_version_id;
      if (!described && this.#inForce.version !== 0) {
        this.logger.warn({ version: row.version }, 'the terms in force no longer describe the risk policy');
      }
      this.#inForce = described ? { version: row.version, policy: parsed.data } : { version: 0, policy: this.fallback };
    } catch (err) {
      this.logger.warn({ err }, 'could not reload the risk policy');
    }
  }
}
