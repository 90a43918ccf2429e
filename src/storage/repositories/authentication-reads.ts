import type { Executor } from '../database.ts';

/** Reads of other aggregates (issuers, members, phone bindings) that authentication and phone registration need. */

export function issuerNames(db: Executor, issuerId: string) {
  return db.selectFrom('issuers').select(['name', 'name_en']).where('id', '=', issuerId).executeTakeFirst();
}

/** A member's enrollment and current phone (sealed), for the challenge page and its SMS. */
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
