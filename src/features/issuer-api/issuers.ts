import type { Executor } from '../../storage/database.ts';
import { insertCardRangeOnce, insertIssuerOnce } from '../../storage/repositories/issuers.ts';
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
export async function ensureIssuer(db: Executor, setup: IssuerSetup): Promise<string> {
  const id = setup.id ?? DEFAULT_ISSUER_ID;
  await insertIssuerOnce(db, { id, name: setup.name, nameEn: setup.nameEn });
  for (const [low, high] of setup.ranges) {
    await insertCardRangeOnce(db, {
      id: `rng_${id}_${low}_${high}`,
      issuerId: id,
      panLow: rangeKey(low, '0'),
      panHigh: rangeKey(high, '9'),
    });
  }
  return id;
}
