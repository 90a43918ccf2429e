import { sql } from 'kysely';
import type { Db } from '../../storage/database.ts';
import type { KeyRing } from './keyring.ts';
import { CARDHOLDER_FIELDS, resealPersonalFields, sealMessageBody } from './sealed-message.ts';

/**
 * Rewrites ciphertexts made under older data keys, in small batches (each its own short transaction), so
 * rotation needs no downtime: nodes decrypt old and new versions alike while it runs.
 */
export async function reencryptAll(
  db: Db,
  keys: KeyRing,
  batch = 200,
): Promise<{ cards: number; phones: number; sms: number; messages: number }> {
  const prefix = `e1.${keys.currentVersion('data')}.`;
  const counts = { cards: 0, phones: 0, sms: 0, messages: 0 };
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
  counts.messages = (await reencryptMessages(db, keys, prefix, batch)) + (await sealLegacyMessages(db, keys, batch));
  return counts;
}

/** The message log's sealed PANs and cardholder fields (src/infra/crypto/sealed-message.ts). */
async function reencryptMessages(db: Db, keys: KeyRing, prefix: string, batch: number): Promise<number> {
  const old = (v: string | null): v is string => v !== null && !v.startsWith(prefix);
  let done = 0;
  for (;;) {
    const rows = await db
      .selectFrom('messages')
      .select(['id', 'pan_enc', 'personal_enc'])
      .where((eb) =>
        eb.or([
          eb.and([eb('pan_enc', 'is not', null), eb('pan_enc', 'not like', `${prefix}%`)]),
          eb.and([eb('personal_enc', 'is not', null), eb('personal_enc', 'not like', `${prefix}%`)]),
        ]),
      )
      .limit(batch)
      .execute();
    for (const r of rows) {
      await db
        .updateTable('messages')
        .set({
          pan_enc: old(r.pan_enc) ? keys.encrypt(keys.decrypt(r.pan_enc, 'pan'), 'pan') : r.pan_enc,
          personal_enc: old(r.personal_enc) ? resealPersonalFields(keys, r.personal_enc) : r.personal_enc,
        })
        .where('id', '=', r.id)
        .execute();
    }
    done += rows.length;
    if (rows.length < batch) return done;
  }
}

/** Rows logged before the cardholder fields were sealed (migration 0011) get sealed now. */
async function sealLegacyMessages(db: Db, keys: KeyRing, batch: number): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await db
      .selectFrom('messages')
      .select(['id', 'body'])
      .where('personal_enc', 'is', null)
      .where(sql<boolean>`body::jsonb ?| ${[...CARDHOLDER_FIELDS]}::text[]`)
      .limit(batch)
      .execute();
    for (const r of rows) {
      const sealed = sealMessageBody(keys, r.body);
      await db
        .updateTable('messages')
        .set({ body: sealed.body, personal_enc: sealed.personal_enc })
        .where('id', '=', r.id)
        .where('personal_enc', 'is', null)
        .execute();
    }
    done += rows.length;
    if (rows.length < batch) return done;
  }
}
