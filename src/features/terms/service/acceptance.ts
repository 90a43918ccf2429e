import type { ServiceDeps } from '../../../app/deps.ts';
import { newId } from '../../../infra/ids.ts';
import { type Executor, withTransaction } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import { lockMember } from '../../../storage/repositories/portal-reads.ts';
import { consentExists, insertConsentOnce, latestConsentOf } from '../../../storage/repositories/terms-consents.ts';
import { memberActor } from '../../portal/service/policy.ts';
import { termsInForceOn } from './versions.ts';

export { nextTermsAfter, termsInForceOn } from './versions.ts';

/** A member's acceptance of a terms version (terms art. 4-3, 12), as the portal shows it. */
export interface AcceptedTerms {
  versionId: string;
  version: string;
  acceptedAt: Date;
}

/** The newest version the member accepted, if any. */
export function latestConsent(db: Executor, enetId: string): Promise<AcceptedTerms | undefined> {
  return latestConsentOf(db, enetId);
}

export function hasAccepted(db: Executor, enetId: string, versionId: string): Promise<boolean> {
  return consentExists(db, enetId, versionId);
}

/**
 * Records the member's acceptance in the caller's transaction (terms art. 4-3: consent to the result being
 * notified to merchants is given with the terms). Accepting twice changes nothing and writes no audit row.
 */
export async function recordConsent(
  trx: Executor,
  input: { enetId: string; versionId: string; ip: string; at: Date; requestId?: string | undefined },
): Promise<boolean> {
  const consentId = await insertConsentOnce(trx, {
    id: newId('tc', input.at.getTime()),
    enetId: input.enetId,
    versionId: input.versionId,
    at: input.at,
    ip: input.ip,
  });
  if (consentId === undefined) return false;
  await appendAudit(trx, {
    actor: memberActor(input.enetId),
    action: 'terms.accept',
    subjectType: 'member',
    subjectId: input.enetId,
    after: { termsVersionId: input.versionId, consentId },
    requestId: input.requestId ?? null,
    at: input.at,
  });
  return true;
}

export type AcceptResult = { ok: true } | { ok: false; reason: 'not_current' };

/** Accepts the version in force now; a stale page naming an older version is refused. */
export async function acceptTerms(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  enetId: string,
  versionId: string,
  meta: { ip: string; requestId?: string | undefined },
): Promise<AcceptResult> {
  const at = deps.clock.now();
  const current = await termsInForceOn(deps.db, at);
  if (!current || current.id !== versionId) return { ok: false, reason: 'not_current' };
  await withTransaction(deps.db, async (trx) => {
    await lockMember(trx, enetId);
    await recordConsent(trx, { enetId, versionId, ip: meta.ip, at, requestId: meta.requestId });
  });
  return { ok: true };
}
