import type { Actor, ServiceDeps } from '../../../app/deps.ts';
import { ServiceError } from '../../../core/errors.ts';
import { hashPassword } from '../../../infra/crypto/password.ts';
import { withTransaction } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import { savePasswordHash } from '../../../storage/repositories/portal-credentials.ts';
import { lockMember } from '../../../storage/repositories/portal-reads.ts';

/** The development password the demo seed gives every demo member (printed in the README, never in production). */
export const DEMO_PORTAL_PASSWORD = 'demo-pass-1234';

/**
 * Sets a member's portal password directly (demo seed, tests, a future operator tool). Members themselves
 * go through the emailed link (password-links.ts).
 */
export async function setPortalPassword(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  enetId: string,
  password: string,
  actor: Actor,
): Promise<void> {
  const hash = await hashPassword(password);
  const at = deps.clock.now();
  await withTransaction(deps.db, async (trx) => {
    if (!(await lockMember(trx, enetId))) throw new ServiceError('not_found', 'no member with that e-net ID', 'enetId');
    await savePasswordHash(trx, enetId, hash, at);
    await appendAudit(trx, {
      actor,
      action: 'portal.password.set_directly',
      subjectType: 'member',
      subjectId: enetId,
      at,
    });
  });
}

/** Demo seed: every listed member gets DEMO_PORTAL_PASSWORD. */
export async function seedDemoPortalPasswords(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  enetIds: readonly string[],
): Promise<void> {
  for (const enetId of enetIds) await setPortalPassword(deps, enetId, DEMO_PORTAL_PASSWORD, 'system:demo-seed');
}
