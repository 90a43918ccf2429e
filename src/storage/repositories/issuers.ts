import type { Executor } from '../database.ts';

/** Issuers and the Visa card ranges (bounds padded to 19 digits) they serve. */

export async function insertIssuerOnce(db: Executor, issuer: { id: string; name: string; nameEn: string }) {
  await db
    .insertInto('issuers')
    .values({ id: issuer.id, name: issuer.name, name_en: issuer.nameEn })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function insertCardRangeOnce(
  db: Executor,
  range: { id: string; issuerId: string; panLow: string; panHigh: string },
): Promise<boolean> {
  const result = await db
    .insertInto('card_ranges')
    .values({
      id: range.id,
      issuer_id: range.issuerId,
      pan_low: range.panLow,
      pan_high: range.panHigh,
      // Seeded ranges are PAN prefixes; their padded keys are their bounds (what GET /api/v1/card-ranges shows).
      start_range: range.panLow,
      end_range: range.panHigh,
      network: 'visa',
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return result !== undefined;
}

export async function listCardRanges(db: Executor) {
  return db.selectFrom('card_ranges').select(['id', 'issuer_id', 'pan_low', 'pan_high']).execute();
}
