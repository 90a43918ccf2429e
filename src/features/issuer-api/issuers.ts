import type { Executor } from '../../storage/database.ts';
import { claimRangeChange } from '../../storage/repositories/card-ranges.ts';
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
  let added = false;
  for (const [low, high] of setup.ranges) {
    const inserted = await insertCardRangeOnce(db, {
      id: `rng_${id}_${low}_${high}`,
      issuerId: id,
      panLow: rangeKey(low, '0'),
      panHigh: rangeKey(high, '9'),
    });
    added ||= inserted;
  }
  if (added) await claimRangeChange(db); // running nodes reload (src/features/issuer-api/card-ranges.ts)
  return id;
}
