import { type OperationNodeSource, sql } from 'kysely';
import type { Executor } from '../database.ts';

/** Reads of other aggregates (issuers, members, phone bindings) that authentication and phone registration need. */

/**
 * What the challenge page and its SMS need besides the transaction, in ONE statement: the issuer's names, the
 * member's enrollment and current phone (sealed), and whether the member has an enabled passkey (so a member
 * without one costs the passkey offer no further read). A missing issuer or member reads as nulls.
 */
export async function challengeContextRow(db: Executor, issuerId: string | null, enetId: string | null) {
  const { rows } = await sql<ChallengeContextRow>`select ${CONTEXT_COLUMNS}
    from (select 1) as one
    left join issuers i on i.id = ${issuerId}
    left join members m on m.enet_id = ${enetId}
    left join phone_bindings pb on pb.enet_id = m.enet_id and pb.unbound_at is null
    limit 1`.execute(db);
  return rows[0];
}

export interface ChallengeContextRow {
  name: string | null;
  name_en: string | null;
  enrollment: string | null;
  phone_enc: string | null;
  phone_masked: string | null;
  has_passkey: boolean | null;
  /** SMS sent to the current phone since the time `withChallengeContext` was given (the first CReq's guard). */
  sends_since?: number | null;
}

/** The context's columns over `i` (issuer), `m` (member) and `pb` (current phone binding). */
const CONTEXT_COLUMNS = sql`i.name, i.name_en, m.enrollment, pb.phone_enc, pb.phone_masked,
  exists (select 1 from passkeys p where p.enet_id = m.enet_id and p.disabled_at is null) as has_passkey`;

/**
 * A transaction row and its challenge context (`challengeContextRow`) in the SAME statement (issue 19: a CReq and
 * a page post pay one round trip, not two): `source` is a statement returning `transactions` rows (a select, or
 * the conditional update that spends the page's form nonce). Undefined when it returns no row.
 */
export async function withChallengeContext<Row extends { issuer_id: string | null; enet_id: string | null }>(
  db: Executor,
  source: OperationNodeSource,
  /** Also count the SMS sent to the current phone since then (every purpose, as `countSmsTo` does). */
  sendsSince?: Date,
): Promise<{ row: Row; context: ChallengeContextRow } | undefined> {
  const sends = sendsSince
    ? sql`(select count(*)::int from sms_messages s where s.to_mac = pb.phone_mac and s.created_at > ${sendsSince})`
    : sql`null::int`;
  // The context's columns renamed (c.context_…), so no column of the transaction row can shadow one.
  const { rows } = await sql<Record<string, unknown>>`with t as (${source})
    select t.*, c.* from t
    left join lateral (
      select ${CONTEXT_COLUMNS}, ${sends}
      from (select 1) as one
      left join issuers i on i.id = t.issuer_id
      left join members m on m.enet_id = t.enet_id
      left join phone_bindings pb on pb.enet_id = m.enet_id and pb.unbound_at is null
      limit 1
    ) as c (context_name, context_name_en, context_enrollment, context_phone_enc, context_phone_masked,
      context_has_passkey, context_sends_since) on true`.execute(db);
  const first = rows[0];
  if (!first) return undefined;
  const row: Record<string, unknown> = {};
  const context: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(first)) {
    if (key.startsWith('context_')) context[key.slice('context_'.length)] = value;
    else row[key] = value;
  }
  return { row: row as Row, context: context as unknown as ChallengeContextRow };
}

/** The member's enrollment and current phone binding (sealed and masked), if any. */
export function memberWithCurrentPhone(db: Executor, enetId: string) {
  return db
    .selectFrom('members')
    .leftJoin('phone_bindings', (join) =>
      join.onRef('phone_bindings.enet_id', '=', 'members.enet_id').on('phone_bindings.unbound_at', 'is', null),
    )
    .select(['members.enrollment', 'phone_bindings.phone_enc', 'phone_bindings.phone_masked'])
    .where('members.enet_id', '=', enetId)
    .executeTakeFirst();
}

export function memberEnrollment(db: Executor, enetId: string) {
  return db
    .selectFrom('members')
    .select(['enrollment', 'enrollment_reason'])
    .where('enet_id', '=', enetId)
    .executeTakeFirstOrThrow();
}

/** Locks the member's row (every writer of a member takes it first, so changes to one member queue up). */
export function lockMember(trx: Executor, enetId: string) {
  return trx
    .selectFrom('members')
    .select(['enet_id', 'name', 'email'])
    .where('enet_id', '=', enetId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** The member's current phone binding (its id and the phone's MAC), if any. */
export function currentPhoneBinding(db: Executor, enetId: string) {
  return db
    .selectFrom('phone_bindings')
    .select(['id', 'phone_mac'])
    .where('enet_id', '=', enetId)
    .where('unbound_at', 'is', null)
    .executeTakeFirst();
}
