import type { Executor } from '../database.ts';
import type { CardRow } from '../schema.ts';

/** Cards: the PAN sealed (`pan_enc`), a MAC for lookup, first six and last four for masked display. */

export type CardSummary = Pick<CardRow, 'card_ref' | 'enet_id' | 'pan_first6' | 'pan_last4' | 'expiry' | 'status'>;

export interface CardFields {
  enet_id: string;
  pan_enc: string;
  pan_mac: string;
  pan_first6: string;
  pan_last4: string;
  expiry: string;
  status: 'active' | 'closed';
  updated_at: Date;
}

/** The card reference registered under this PAN MAC, if any. */
export async function cardRefByPanMac(db: Executor, panMac: string): Promise<string | undefined> {
  const row = await db.selectFrom('cards').select('card_ref').where('pan_mac', '=', panMac).executeTakeFirst();
  return row?.card_ref;
}

/** Locks the card row for the rest of the transaction. */
export async function lockCard(db: Executor, cardRef: string) {
  return db
    .selectFrom('cards')
    .select(['enet_id', 'pan_mac', 'expiry', 'status', 'pan_first6', 'pan_last4'])
    .where('card_ref', '=', cardRef)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertCard(db: Executor, cardRef: string, fields: CardFields): Promise<void> {
  await db
    .insertInto('cards')
    .values({ card_ref: cardRef, ...fields })
    .execute();
}

export async function updateCard(db: Executor, cardRef: string, fields: CardFields): Promise<void> {
  await db.updateTable('cards').set(fields).where('card_ref', '=', cardRef).execute();
}

export async function hasActiveCard(db: Executor, enetId: string): Promise<boolean> {
  const row = await db
    .selectFrom('cards')
    .select('card_ref')
    .where('enet_id', '=', enetId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}

const summaries = (db: Executor) =>
  db.selectFrom('cards').select(['card_ref', 'enet_id', 'pan_first6', 'pan_last4', 'expiry', 'status']);

export async function findCardSummary(db: Executor, cardRef: string): Promise<CardSummary | undefined> {
  return summaries(db).where('card_ref', '=', cardRef).executeTakeFirst();
}

export async function cardSummariesOf(db: Executor, enetId: string): Promise<CardSummary[]> {
  return summaries(db).where('enet_id', '=', enetId).orderBy('card_ref').execute();
}

/** Cards of any of `enetIds` (masked display only). */
export async function cardSummariesOfMembers(db: Executor, enetIds: readonly string[]): Promise<CardSummary[]> {
  if (enetIds.length === 0) return [];
  return summaries(db).where('enet_id', 'in', enetIds).execute();
}

export async function memberIdsByCardRef(db: Executor, cardRef: string): Promise<string[]> {
  const rows = await db.selectFrom('cards').select('enet_id').where('card_ref', '=', cardRef).execute();
  return rows.map((r) => r.enet_id);
}

/** Exact last four and expiry (no partial PAN search: that would enumerate cardholders). */
export async function memberIdsByLast4(db: Executor, last4: string, expiry: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('cards')
    .select('enet_id')
    .where('pan_last4', '=', last4)
    .where('expiry', '=', expiry)
    .limit(limit)
    .execute();
  return rows.map((r) => r.enet_id);
}
