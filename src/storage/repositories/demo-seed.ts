import type { Executor } from '../database.ts';

/** The demo seed's own reads (demo/seed/); its fraud report is filed through the portal's repository. */

/** The member's transaction at this merchant, if the seed wrote one. */
export async function memberTransactionAt(db: Executor, enetId: string, merchant: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('transactions')
    .select('acs_trans_id')
    .where('enet_id', '=', enetId)
    .where('merchant_name', '=', merchant)
    .executeTakeFirst();
  return row?.acs_trans_id;
}
