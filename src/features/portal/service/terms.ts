import { newId } from '../../../infra/ids.ts';
import type { Db } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import { termsInForceOn } from '../../terms/service/versions.ts';
import type { PortalDeps, RequestMeta } from './deps.ts';
import { memberActor } from './policy.ts';

/** The terms lifecycle lives in src/features/terms/service/; re-exported for the portal and investigations. */
export { nextTermsAfter, termsInForceOn } from '../../terms/service/versions.ts';

export interface AcceptedTerms {
  versionId: string;
  version: string;
  acceptedAt: Date;
}

/** The newest version the member accepted, if any. */
export async function latestConsent(db: Db, enetId: string): Promise<AcceptedTerms | undefined> {
  const row = await db
    .selectFrom('terms_consents')
    .innerJoin('terms_versions', 'terms_versions.id', 'terms_consents.terms_version_id')
    .select(['terms_versions.id', 'terms_versions.version', 'terms_consents.accepted_at'])
    .where('terms_consents.enet_id', '=', enetId)
    .orderBy('terms_versions.effective_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && { versionId: row.id, version: row.version, acceptedAt: new Date(row.accepted_at) };
}

export async function hasAccepted(db: Db, enetId: string, versionId: string): Promise<boolean> {
  const row = await db
    .selectFrom('terms_consents')
    .select('id')
    .where('enet_id', '=', enetId)
    .where('terms_version_id', '=', versionId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Records the member's acceptance in the caller's transaction (terms art. 4-3: consent to the result being
 * notified to merchants is given with the terms). Accepting twice changes nothing and writes no audit row.
 */
export async function recordConsent(
  trx: Db,
  input: { enetId: string; versionId: string; ip: string; at: Date; requestId?: string | undefined },
): Promise<boolean> {
  const inserted = await trx
    .insertInto('terms_consents')
    .values({
      id: newId('tc', input.at.getTime()),
      enet_id: input.enetId,
      terms_version_id: input.versionId,
      accepted_at: input.at,
      ip: input.ip,
    })
    .onConflict((oc) => oc.columns(['enet_id', 'terms_version_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  await appendAudit(trx, {
    actor: memberActor(input.enetId),
    action: 'terms.accept',
    subjectType: 'member',
    subjectId: input.enetId,
    after: { termsVersionId: input.versionId, consentId: inserted.id },
    requestId: input.requestId ?? null,
    at: input.at,
  });
  return true;
}

export type AcceptResult = { ok: true } | { ok: false; reason: 'not_current' };

/** Accepts the version in force now; a stale page naming an older version is refused. */
export async function acceptTerms(
  deps: PortalDeps,
  enetId: string,
  versionId: string,
  meta: RequestMeta,
): Promise<AcceptResult> {
  const at = deps.clock.now();
  const current = await termsInForceOn(deps.db, at);
  if (!current || current.id !== versionId) return { ok: false, reason: 'not_current' };
  await deps.db.transaction().execute(async (trx) => {
    await trx.selectFrom('members').select('enet_id').where('enet_id', '=', enetId).forUpdate().execute();
    await recordConsent(trx, { enetId, versionId, ip: meta.ip, at, requestId: meta.requestId });
  });
  return { ok: true };
}
