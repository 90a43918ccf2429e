import type { Executor } from '../database.ts';

/** CAVV verification (POST /api/v1/cavv/verify): which transaction a CAVV was issued for, and its first use. */

export async function transactionByCavv(db: Executor, cavv: string) {
  return db.selectFrom('transactions').select(['acs_trans_id', 'eci']).where('cavv', '=', cavv).executeTakeFirst();
}

/**
 * Records the first verification of a CAVV (keyed by its MAC) unless one exists, and returns the transaction
 * of the first verification: a later verification for another transaction sees the earlier one.
 */
export async function claimCavvUse(db: Executor, cavvMac: string, acsTransId: string, at: Date): Promise<string> {
  await db
    .insertInto('cavv_uses')
    .values({ cavv_mac: cavvMac, acs_trans_id: acsTransId, first_verified_at: at })
    .onConflict((oc) => oc.column('cavv_mac').doNothing())
    .execute();
  const use = await db
    .selectFrom('cavv_uses')
    .select('acs_trans_id')
    .where('cavv_mac', '=', cavvMac)
    .executeTakeFirstOrThrow();
  return use.acs_trans_id;
}
