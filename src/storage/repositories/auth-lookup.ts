import { sql } from 'kysely';
import type { Db } from '../database.ts';
import type { Enrollment } from '../schema.ts';

export interface CardForAuthentication {
  card_ref: string;
  card_status: 'active' | 'closed';
  expiry: string;
  enet_id: string;
  member_status: 'active' | 'suspended';
  enrollment: Enrollment;
  binding_id: string | null;
}

/** Card, member and current phone binding in one indexed round trip (the AReq hot path). */
export async function findCardForAuthentication(db: Db, panMac: string): Promise<CardForAuthentication | undefined> {
  const result = await sql<CardForAuthentication>`
    select c.card_ref, c.status as card_status, c.expiry, c.enet_id,
           m.status as member_status, m.enrollment, pb.id as binding_id
    from cards c
    join members m on m.enet_id = c.enet_id
    left join phone_bindings pb on pb.enet_id = c.enet_id and pb.unbound_at is null
    where c.pan_mac = ${panMac}`.execute(db);
  return result.rows[0];
}
