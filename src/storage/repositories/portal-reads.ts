import type { Executor } from '../database.ts';
import type { Enrollment } from '../schema.ts';

/**
 * What the member portal (and terms acceptance) reads from tables other areas own: members, phone bindings,
 * cards and transactions. The member row lock is here too: portal changes to a member serialise on it.
 */

/** Takes the member's row lock for the caller's transaction; false when there is no such member. */
export async function lockMember(db: Executor, enetId: string): Promise<boolean> {
  const rows = await db.selectFrom('members').select('enet_id').where('enet_id', '=', enetId).forUpdate().execute();
  return rows.length > 0;
}

/** The member's name and email under the row lock (the member must exist: throws otherwise). */
export function lockedMemberContact(db: Executor, enetId: string): Promise<{ name: string; email: string }> {
  return db
    .selectFrom('members')
    .select(['name', 'email'])
    .where('enet_id', '=', enetId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export function memberProfile(
  db: Executor,
  enetId: string,
): Promise<{ name: string; enrollment: Enrollment; enrollment_reason: string | null } | undefined> {
  return db
    .selectFrom('members')
    .select(['name', 'enrollment', 'enrollment_reason'])
    .where('enet_id', '=', enetId)
    .executeTakeFirst();
}

/** The member's contact and whether a portal password is set (first-time setup or reset). */
export async function memberForPasswordLink(
  db: Executor,
  enetId: string,
): Promise<{ email: string; name: string; hasPassword: boolean } | undefined> {
  const row = await db
    .selectFrom('members')
    .leftJoin('portal_credentials', 'portal_credentials.enet_id', 'members.enet_id')
    .select(['members.email', 'members.name', 'portal_credentials.enet_id as has_password'])
    .where('members.enet_id', '=', enetId)
    .executeTakeFirst();
  return row && { email: row.email, name: row.name, hasPassword: Boolean(row.has_password) };
}

/** The masked number of the member's current phone binding, if any. */
export async function activePhoneMasked(db: Executor, enetId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('phone_bindings')
    .select('phone_masked')
    .where('enet_id', '=', enetId)
    .where('unbound_at', 'is', null)
    .executeTakeFirst();
  return row?.phone_masked;
}

export interface MemberCardRow {
  pan_last4: string;
  /** Sealed; opened only to match a paused card range. */
  pan_enc: string;
  expiry: string;
  status: 'active' | 'closed';
}

/** The member's cards, oldest first. */
export function memberCards(db: Executor, enetId: string): Promise<MemberCardRow[]> {
  return db
    .selectFrom('cards')
    .select(['pan_last4', 'pan_enc', 'expiry', 'status'])
    .where('enet_id', '=', enetId)
    .orderBy('created_at')
    .execute();
}

export interface MemberTransactionRow {
  acs_trans_id: string;
  created_at: Date;
  merchant_name: string | null;
  purchase_amount: string | null;
  purchase_currency: string | null;
  purchase_exponent: string | null;
  state: string;
  trans_status: string | null;
  trans_status_reason: string | null;
  challenge_cancel: string | null;
  authentication_type: string | null;
}

/** The member's transactions, newest first. */
export function memberTransactions(
  db: Executor,
  enetId: string,
  page: { limit: number; offset: number },
): Promise<MemberTransactionRow[]> {
  return db
    .selectFrom('transactions')
    .select([
      'acs_trans_id',
      'created_at',
      'merchant_name',
      'purchase_amount',
      'purchase_currency',
      'purchase_exponent',
      'state',
      'trans_status',
      'trans_status_reason',
      'challenge_cancel',
      'authentication_type',
    ])
    .where('enet_id', '=', enetId)
    .orderBy('created_at', 'desc')
    .orderBy('acs_trans_id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** Which of these transactions are the member's. */
export async function memberTransactionIdsAmong(
  db: Executor,
  enetId: string,
  acsTransIds: readonly string[],
): Promise<string[]> {
  if (acsTransIds.length === 0) return [];
  const rows = await db
    .selectFrom('transactions')
    .select('acs_trans_id')
    .where('enet_id', '=', enetId)
    .where('acs_trans_id', 'in', [...acsTransIds])
    .execute();
  return rows.map((r) => r.acs_trans_id);
}
