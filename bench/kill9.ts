import pg from 'pg';
import type { Answered } from './open-loop.ts';

export interface Kill9Figures {
  /** AReqs scheduled in the phase, the ARes they got (before the kill), and the transport errors after it. */
  sent: number;
  ares: number;
  errors: number;
  /** ARes'd AReqs whose transaction is in the database under the acsTransID the ARes named. */
  durable: number;
  /** The threeDSServerTransIDs of those that are not (must be none). */
  lost: string[];
}

/**
 * After a kill -9, which ARes'd AReqs the database holds. The approach of test/reliability/kill9.reliability.ts:
 * an ARes leaves only after its AReq is committed, so every AReq that got one must be found afterwards — here by
 * its transaction row (`transactions`, by threeDSServerTransID), which must carry the acsTransID of the ARes.
 */
export async function durableAnswers(databaseUrl: string, answered: readonly Answered[]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; acs: string }>(
      `select three_ds_server_trans_id as id, acs_trans_id::text as acs
         from transactions where three_ds_server_trans_id = any($1::text[])`,
      [answered.map((a) => a.threeDSServerTransID)],
    );
    const stored = new Map(rows.map((r) => [r.id, r.acs]));
    const lost = answered.filter((a) => stored.get(a.threeDSServerTransID) !== a.acsTransID);
    return { durable: answered.length - lost.length, lost: lost.map((a) => a.threeDSServerTransID) };
  } finally {
    await client.end();
  }
}
