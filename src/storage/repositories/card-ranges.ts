import { sql } from 'kysely';
import type { Executor } from '../database.ts';

/**
 * Card ranges as the issuer maintains them (the API, the console, the CLI). Every change runs inside a
 * transaction that first calls `claimRangeChange`: it locks the one generation row (so range writes queue and an
 * overlap check sees every committed range), bumps the generation and queues a NOTIFY that PostgreSQL delivers
 * to every listening node when (and only if) the transaction commits.
 */

/** The channel nodes LISTEN on (src/features/issuer-api/card-ranges.ts). */
export const CARD_RANGES_CHANNEL = 'ninsho_card_ranges';

export async function claimRangeChange(trx: Executor): Promise<number> {
  const row = await trx
    .updateTable('card_range_generation')
    .set((eb) => ({ generation: eb('generation', '+', 1) }))
    .returning('generation')
    .executeTakeFirstOrThrow();
  await sql`select pg_notify(${CARD_RANGES_CHANNEL}, ${String(row.generation)})`.execute(trx);
  return Number(row.generation);
}

export async function cardRangeGeneration(db: Executor): Promise<number> {
  const row = await db.selectFrom('card_range_generation').select('generation').executeTakeFirst();
  return Number(row?.generation ?? 0);
}

export interface CardRangeBounds {
  startRange: string;
  endRange: string;
  panLow: string;
  panHigh: string;
}

export function cardRangeRows(db: Executor) {
  return db
    .selectFrom('card_ranges')
    .select(['id', 'issuer_id', 'start_range', 'end_range', 'pan_low', 'pan_high', 'created_at', 'updated_at'])
    .orderBy('pan_low')
    .orderBy('id')
    .execute();
}

export function cardRangeRow(db: Executor, id: string) {
  return db
    .selectFrom('card_ranges')
    .select(['id', 'issuer_id', 'start_range', 'end_range', 'pan_low', 'pan_high', 'created_at', 'updated_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The first other range whose 19-digit key interval meets [low, high] (intervals meet when each starts before the other ends). */
export async function overlappingRange(
  db: Executor,
  panLow: string,
  panHigh: string,
  exceptId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('card_ranges')
    .select('id')
    .where('id', '<>', exceptId)
    .where('pan_low', '<=', panHigh)
    .where('pan_high', '>=', panLow)
    .orderBy('pan_low')
    .executeTakeFirst();
  return row?.id;
}

export async function insertCardRange(
  db: Executor,
  range: CardRangeBounds & { id: string; issuerId: string; at: Date },
): Promise<void> {
  await db
    .insertInto('card_ranges')
    .values({
      id: range.id,
      issuer_id: range.issuerId,
      start_range: range.startRange,
      end_range: range.endRange,
      pan_low: range.panLow,
      pan_high: range.panHigh,
      network: 'visa',
      created_at: range.at,
      updated_at: range.at,
    })
    .execute();
}

export async function updateCardRange(db: Executor, id: string, range: CardRangeBounds & { at: Date }): Promise<void> {
  await db
    .updateTable('card_ranges')
    .set({
      start_range: range.startRange,
      end_range: range.endRange,
      pan_low: range.panLow,
      pan_high: range.panHigh,
      updated_at: range.at,
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteCardRangeRow(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('card_ranges').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * The range serving a PAN key, share-locked for the rest of the caller's transaction: a concurrent deletion of
 * that range waits for the caller to commit (then the card is counted), or, when it came first, the range is gone.
 */
export async function holdRangeFor(db: Executor, panKey: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('card_ranges')
    .select('id')
    .where('pan_low', '<=', panKey)
    .where('pan_high', '>=', panKey)
    .forShare()
    .executeTakeFirst();
  return row?.id;
}

/**
 * Active cards whose first six digits place them in [low, high]: `inside` surely fall in it (their first six lie
 * strictly between the bounds' first six); `edge` share the first six of a bound, so only their full PAN says.
 */
export async function activeCardsNearRange(db: Executor, panLow: string, panHigh: string) {
  const low6 = panLow.slice(0, 6);
  const high6 = panHigh.slice(0, 6);
  const inside = await db
    .selectFrom('cards')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'active')
    .where('pan_first6', '>', low6)
    .where('pan_first6', '<', high6)
    .executeTakeFirstOrThrow();
  const edge = await db
    .selectFrom('cards')
    .select('pan_enc')
    .where('status', '=', 'active')
    .where('pan_first6', 'in', [low6, high6])
    .execute();
  return { inside: Number(inside.n), edge: edge.map((r) => r.pan_enc) };
}
