import type { Executor } from '../database.ts';

/** A member's trusted merchant as the portal and the console show it (the name still sealed). */
export interface TrustedMerchantRecord {
  id: string;
  merchant_name_enc: string;
  added_at: Date | string;
  added_from: 'challenge' | 'portal';
}

/**
 * Puts a merchant on the member's trusted list (one statement); a merchant already there keeps its first row,
 * so a second tick changes nothing.
 */
export async function insertTrustedMerchant(
  db: Executor,
  row: {
    id: string;
    enetId: string;
    merchantMac: string;
    merchantNameEnc: string;
    addedFrom: 'challenge' | 'portal';
    acsTransID: string | null;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('trusted_merchants')
    .values({
      id: row.id,
      enet_id: row.enetId,
      merchant_mac: row.merchantMac,
      merchant_name_enc: row.merchantNameEnc,
      added_at: row.at,
      added_from: row.addedFrom,
      acs_trans_id: row.acsTransID,
    })
    .onConflict((oc) => oc.columns(['enet_id', 'merchant_mac']).doNothing())
    .execute();
}

/** The member's trusted merchants, newest first. */
export function trustedMerchantsOf(db: Executor, enetId: string): Promise<TrustedMerchantRecord[]> {
  return db
    .selectFrom('trusted_merchants')
    .select(['id', 'merchant_name_enc', 'added_at', 'added_from'])
    .where('enet_id', '=', enetId)
    .orderBy('added_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** One of the member's trusted merchants; undefined when the id is unknown or another member's. */
export function trustedMerchantOf(
  db: Executor,
  enetId: string,
  id: string,
): Promise<TrustedMerchantRecord | undefined> {
  return db
    .selectFrom('trusted_merchants')
    .select(['id', 'merchant_name_enc', 'added_at', 'added_from'])
    .where('enet_id', '=', enetId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Takes a merchant off the member's list (one statement); undefined when it is not there (or not theirs). */
export function deleteTrustedMerchant(
  db: Executor,
  enetId: string,
  id: string,
): Promise<TrustedMerchantRecord | undefined> {
  return db
    .deleteFrom('trusted_merchants')
    .where('enet_id', '=', enetId)
    .where('id', '=', id)
    .returning(['id', 'merchant_name_enc', 'added_at', 'added_from'])
    .executeTakeFirst();
}

/** Empties the member's list (unregistration or deregistration); returns how many rows went. */
export async function deleteMemberTrustedMerchants(db: Executor, enetId: string): Promise<number> {
  const result = await db.deleteFrom('trusted_merchants').where('enet_id', '=', enetId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
