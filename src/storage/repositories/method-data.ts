import { sql } from 'kysely';
import type { Executor } from '../database.ts';
import { withoutNul } from '../text.ts';

/** What the 3DS Method page learned about a browser, by threeDSServerTransID (EMV 3DS 2.2 §5.8). */

/** Records the first Method post of a threeDSServerTransID (a later one changes nothing: primary key). */
export async function recordMethodHeaders(
  db: Executor,
  row: { threeDSServerTransID: string; headers: Record<string, string>; collectMac: string; at: Date },
): Promise<void> {
  await db
    .insertInto('method_data')
    .values({
      three_ds_server_trans_id: row.threeDSServerTransID,
      data: JSON.stringify(withoutNul({ headers: row.headers })),
      created_at: row.at,
      collect_mac: row.collectMac,
    })
    .onConflict((oc) => oc.column('three_ds_server_trans_id').doNothing())
    .execute();
}

/**
 * Adds the device facts in one conditional statement: only for the holder of the first page's collect token
 * (its MAC), and only once.
 */
export async function recordMethodDevice(
  db: Executor,
  threeDSServerTransID: string,
  collectMac: string,
  device: unknown,
  at: Date,
): Promise<void> {
  await db
    .updateTable('method_data')
    .set({
      data: sql`data || jsonb_build_object('device', ${JSON.stringify(withoutNul(device))}::jsonb)`,
      collect_mac: null,
      collected_at: at,
    })
    .where('three_ds_server_trans_id', '=', threeDSServerTransID)
    .where('collect_mac', '=', collectMac)
    .where('collected_at', 'is', null)
    .execute();
}
