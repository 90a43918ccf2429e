import type { Executor } from '../database.ts';

/** Members' acceptances of terms versions (terms art. 4-3, 12): at most one row per member and version. */

export interface ConsentRecord {
  versionId: string;
  version: string;
  acceptedAt: Date;
}

/** The member's acceptance of the version with the latest effective date, if any. */
export async function latestConsentOf(db: Executor, enetId: string): Promise<ConsentRecord | undefined> {
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

export async function consentExists(db: Executor, enetId: string, versionId: string): Promise<boolean> {
  const row = await db
    .selectFrom('terms_consents')
    .select('id')
    .where('enet_id', '=', enetId)
    .where('terms_version_id', '=', versionId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Inserts the acceptance unless the member already accepted that version; returns the new row's id, if any. */
export async function insertConsentOnce(
  db: Executor,
  consent: { id: string; enetId: string; versionId: string; at: Date; ip: string },
): Promise<string | undefined> {
  const inserted = await db
    .insertInto('terms_consents')
    .values({
      id: consent.id,
      enet_id: consent.enetId,
      terms_version_id: consent.versionId,
      accepted_at: consent.at,
      ip: consent.ip,
    })
    .onConflict((oc) => oc.columns(['enet_id', 'terms_version_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}
