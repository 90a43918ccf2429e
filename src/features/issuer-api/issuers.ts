import type { Db } from '../../storage/database.ts';
import { rangeKey } from './card-ranges.ts';
import { DEFAULT_ISSUER_ID } from './issuer-data.ts';

export interface IssuerSetup {
  id?: string;
  name: string;
  nameEn: string;
  /** BIN ranges as PAN prefixes, e.g. [['411111', '411111']]. */
  ranges: Array<[low: string, high: string]>;
}

/** Creates (or leaves alone) an issuer and its Visa card ranges. Used by the demo seed and tests. */
export async function ensureIssuer(db: Db, setup: IssuerSetup): Promise<string> {
  const id = setup.id ?? DEFAULT_ISSUER_ID;
  await db
    .insertInto('issuers')
    .values({ id, name: setup.name, name_en: setup.nameEn })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  for (const [low, high] of setup.ranges) {
    await db
      .insertInto('card_ranges')
      .values({
        id: `rng_${id}_${low}_${high}`,
        issuer_id: id,
        pan_low: rangeKey(low, '0'),
        pan_high: rangeKey(high, '9'),
        network: 'visa',
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  return id;
}
