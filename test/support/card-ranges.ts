import type { Db } from '../../src/storage/database.ts';

/** A PAN: `prefix` then `serial` (zero-padded) up to `length - 1` digits, then its Luhn digit. */
export function panIn(prefix: string, serial: number, length = 16): string {
  const body = prefix + String(serial).padStart(length - 1 - prefix.length, '0');
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/** Every row of the tables a card range change writes, for "a refused change changes nothing". */
export async function rangeSnapshot(db: Db) {
  return {
    ranges: await db.selectFrom('card_ranges').selectAll().orderBy('id').execute(),
    generation: await db.selectFrom('card_range_generation').selectAll().execute(),
    audit: await db.selectFrom('audit_log').select('id').orderBy('seq').execute(),
    cards: await db.selectFrom('cards').select('card_ref').orderBy('card_ref').execute(),
    approvals: await db.selectFrom('pending_approvals').selectAll().orderBy('id').execute(),
  };
}
