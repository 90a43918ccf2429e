import type { KeyRing } from '../crypto/keyring.ts';
import type { Db } from '../storage/database.ts';

/**
 * Rewrites ciphertexts made under older data keys, in small batches (each its own short transaction), so
 * rotation needs no downtime: nodes decrypt old and new versions alike while it runs.
 */
export async function reencryptAll(
  db: Db,
  keys: KeyRing,
  batch = 200,
): Promise<{ cards: number; phones: number; sms: number }> {
  const prefix = `e1.${keys.currentVersion('data')}.`;
  const counts = { cards: 0, phones: 0, sms: 0 };
  for (;;) {
    const rows = await db
      .selectFrom('cards')
      .select(['card_ref', 'pan_enc'])
      .where('pan_enc', 'not like', `${prefix}%`)
      .limit(batch)
      .execute();
    for (const r of rows) {
      await db
        .updateTable('cards')
        .set({ pan_enc: keys.encrypt(keys.decrypt(r.pan_enc, 'pan'), 'pan') })
        .where('card_ref', '=', r.card_ref)
        .where('pan_enc', '=', r.pan_enc)
        .execute();
    }
    counts.cards += rows.length;
    if (rows.length < batch) break;
  }
  for (;;) {
    const rows = await db
      .selectFrom('phone_bindings')
      .select(['id', 'phone_enc'])
      .where('phone_enc', 'not like', `${prefix}%`)
      .limit(batch)
      .execute();
    for (const r of rows) {
      await db
        .updateTable('phone_bindings')
        .set({ phone_enc: keys.encrypt(keys.decrypt(r.phone_enc, 'phone'), 'phone') })
        .where('id', '=', r.id)
        .where('phone_enc', '=', r.phone_enc)
        .execute();
    }
    counts.phones += rows.length;
    if (rows.length < batch) break;
  }
  for (;;) {
    const rows = await db
      .selectFrom('sms_messages')
      .select(['id', 'to_enc', 'body_enc'])
      .where('to_enc', 'not like', `${prefix}%`)
      .limit(batch)
      .execute();
    for (const r of rows) {
      await db
        .updateTable('sms_messages')
        .set({
          to_enc: keys.encrypt(keys.decrypt(r.to_enc, 'phone'), 'phone'),
          body_enc: keys.encrypt(keys.decrypt(r.body_enc, 'sms'), 'sms'),
        })
        .where('id', '=', r.id)
        .execute();
    }
    counts.sms += rows.length;
    if (rows.length < batch) break;
  }
  return counts;
}
