import type { Logger } from '../../infra/logger.ts';
import type { Db } from '../../storage/database.ts';
import { shadowPolicyRow } from '../../storage/repositories/risk-shadow.ts';
import { type PolicyInForce, RISK_POLICY_REFRESH_MS, riskPolicySchema } from './policy.ts';
import { Reloading } from './reloading.ts';

/**
 * The policy in shadow (docs/risk.md "Shadow mode"), held in memory like the active one (src/features/risk/policy.ts):
 * `current()` is synchronous and starts a background reread once the copy is older than RISK_POLICY_REFRESH_MS, so
 * the AReq path reads no policy row. Undefined: no shadow. An unreadable row keeps the copy (logged).
 */
export class ShadowRiskPolicy {
  #shadow: PolicyInForce | undefined;
  readonly #reloading: Reloading;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    now: () => number = Date.now,
  ) {
    this.#reloading = new Reloading(() => this.#load(), now, RISK_POLICY_REFRESH_MS);
  }

  current(): PolicyInForce | undefined {
    this.#reloading.touch();
    return this.#shadow;
  }

  reload(): Promise<void> {
    return this.#reloading.reload();
  }

  async #load(): Promise<void> {
    try {
      const row = await shadowPolicyRow(this.db);
      this.#reloading.loaded();
      const parsed = row && riskPolicySchema.safeParse(row.body);
      if (row && !parsed?.success) this.logger.error({ version: row.version }, 'shadow risk policy is invalid');
      this.#shadow = row && parsed?.success ? { version: row.version, policy: parsed.data } : undefined;
    } catch (err) {
      this.logger.warn({ err }, 'could not reload the shadow risk policy');
    }
  }
}
