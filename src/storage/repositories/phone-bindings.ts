import type { Executor } from '../database.ts';

/** Phone bindings: the number sealed (`phone_enc`), a MAC for lookup, masked for display; at most one is current. */

/** Locks the member's current binding (if any) for the rest of the transaction. */
export async function lockCurrentBinding(db: Executor, enetId: string) {
  return db
    .selectFrom('phone_bindings')
    .select(['id', 'phone_enc', 'phone_mac'])
    .where('enet_id', '=', enetId)
    .where('unbound_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

export async function currentBindingMasked(db: Executor, enetId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('phone_bindings')
    .select('phone_masked')
    .where('enet_id', '=', enetId)
    .where('unbound_at', 'is', null)
    .executeTakeFirst();
  return row?.phone_masked;
}

export async function hasCurrentBinding(db: Executor, enetId: string): Promise<boolean> {
  return (await currentBindingMasked(db, enetId)) !== undefined;
}

export interface NewBinding {
  id: string;
  enetId: string;
  phoneEnc: string;
  phoneMac: string;
  phoneMasked: string;
  verifiedBy: 'sms_otp' | 'issuer_provisioned';
  boundBy: string;
  boundAt: Date;
}

export async function insertBinding(db: Executor, b: NewBinding): Promise<void> {
  await db
    .insertInto('phone_bindings')
    .values({
      id: b.id,
      enet_id: b.enetId,
      phone_enc: b.phoneEnc,
      phone_mac: b.phoneMac,
      phone_masked: b.phoneMasked,
      verified_by: b.verifiedBy,
      bound_by: b.boundBy,
      bound_at: b.boundAt,
    })
    .execute();
}

export interface Unbinding {
  at: Date;
  by: string;
  reason: string;
}

export async function unbindBinding(db: Executor, id: string, u: Unbinding): Promise<void> {
  await db
    .updateTable('phone_bindings')
    .set({ unbound_at: u.at, unbound_by: u.by, unbound_reason: u.reason })
    .where('id', '=', id)
    .execute();
}

/** Ends the member's current binding, if any. */
export async function unbindCurrent(db: Executor, enetId: string, u: Unbinding): Promise<void> {
  await db
    .updateTable('phone_bindings')
    .set({ unbound_at: u.at, unbound_by: u.by, unbound_reason: u.reason })
    .where('enet_id', '=', enetId)
    .where('unbound_at', 'is', null)
    .execute();
}

/** Members with a binding (current or past) of this phone MAC (exact match only). */
export async function memberIdsByPhoneMac(db: Executor, phoneMac: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('phone_bindings')
    .select('enet_id')
    .where('phone_mac', '=', phoneMac)
    .limit(limit)
    .execute();
  return rows.map((r) => r.enet_id);
}

/** Every binding of the member, newest first, masked. */
export async function bindingHistory(db: Executor, enetId: string) {
  return db
    .selectFrom('phone_bindings')
    .select(['phone_masked', 'verified_by', 'bound_by', 'bound_at', 'unbound_at', 'unbound_reason'])
    .where('enet_id', '=', enetId)
    .orderBy('bound_at', 'desc')
    .execute();
}
