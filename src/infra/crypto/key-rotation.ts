import type { Executor } from '../../storage/database.ts';
import {
  areqLogsNotUnder,
  cardPansNotUnder,
  messagesNotUnder,
  phonesNotUnder,
  replaceAReqLogSeals,
  replaceCardPan,
  replaceMessageSeals,
  replacePhone,
  replaceSms,
  sealLegacyMessage,
  smsNotUnder,
  unsealedMessages,
} from '../../storage/repositories/reencryption.ts';
import type { KeyRing } from './keyring.ts';
import { CARDHOLDER_FIELDS, resealPersonalFields, sealMessageBody } from './sealed-message.ts';

/**
 * Rewrites ciphertexts made under older data keys, in small batches (each its own short transaction), so
 * rotation needs no downtime: nodes decrypt old and new versions alike while it runs.
 */
export async function reencryptAll(
  db: Executor,
  keys: KeyRing,
  batch = 200,
): Promise<{ cards: number; phones: number; sms: number; messages: number }> {
  const prefix = `e1.${keys.currentVersion('data')}.`;
  const counts = { cards: 0, phones: 0, sms: 0, messages: 0 };
  for (;;) {
    const rows = await cardPansNotUnder(db, prefix, batch);
    for (const r of rows) {
      await replaceCardPan(db, r.card_ref, r.pan_enc, keys.encrypt(keys.decrypt(r.pan_enc, 'pan'), 'pan'));
    }
    counts.cards += rows.length;
    if (rows.length < batch) break;
  }
  for (;;) {
    const rows = await phonesNotUnder(db, prefix, batch);
    for (const r of rows) {
      await replacePhone(db, r.id, r.phone_enc, keys.encrypt(keys.decrypt(r.phone_enc, 'phone'), 'phone'));
    }
    counts.phones += rows.length;
    if (rows.length < batch) break;
  }
  for (;;) {
    const rows = await smsNotUnder(db, prefix, batch);
    for (const r of rows) {
      await replaceSms(db, r.id, {
        toEnc: keys.encrypt(keys.decrypt(r.to_enc, 'phone'), 'phone'),
        bodyEnc: keys.encrypt(keys.decrypt(r.body_enc, 'sms'), 'sms'),
      });
    }
    counts.sms += rows.length;
    if (rows.length < batch) break;
  }
  counts.messages =
    (await reencryptMessages(db, keys, prefix, batch)) +
    (await reencryptAReqLogs(db, keys, prefix, batch)) +
    (await sealLegacyMessages(db, keys, batch));
  return counts;
}

/** The message log's sealed PANs and cardholder fields (src/infra/crypto/sealed-message.ts). */
async function reencryptMessages(db: Executor, keys: KeyRing, prefix: string, batch: number): Promise<number> {
  const old = (v: string | null): v is string => v !== null && !v.startsWith(prefix);
  let done = 0;
  for (;;) {
    const rows = await messagesNotUnder(db, prefix, batch);
    for (const r of rows) {
      await replaceMessageSeals(db, r.id, {
        panEnc: old(r.pan_enc) ? keys.encrypt(keys.decrypt(r.pan_enc, 'pan'), 'pan') : r.pan_enc,
        personalEnc: old(r.personal_enc) ? resealPersonalFields(keys, r.personal_enc) : r.personal_enc,
      });
    }
    done += rows.length;
    if (rows.length < batch) return done;
  }
}

/** The AReq/ARes pairs kept on transaction rows (migration 0018), counted with the message log. */
async function reencryptAReqLogs(db: Executor, keys: KeyRing, prefix: string, batch: number): Promise<number> {
  const old = (v: string | null): v is string => v !== null && !v.startsWith(prefix);
  const personal = (v: string | null) => (old(v) ? resealPersonalFields(keys, v) : v);
  let done = 0;
  for (;;) {
    const rows = await areqLogsNotUnder(db, prefix, batch);
    for (const r of rows) {
      await replaceAReqLogSeals(db, r.acs_trans_id, {
        areqPanEnc: old(r.areq_pan_enc) ? keys.encrypt(keys.decrypt(r.areq_pan_enc, 'pan'), 'pan') : r.areq_pan_enc,
        areqPersonalEnc: personal(r.areq_personal_enc),
        aresPersonalEnc: personal(r.ares_personal_enc),
      });
    }
    done += rows.length;
    if (rows.length < batch) return done;
  }
}

/** Rows logged before the cardholder fields were sealed (migration 0011) get sealed now. */
async function sealLegacyMessages(db: Executor, keys: KeyRing, batch: number): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await unsealedMessages(db, CARDHOLDER_FIELDS, batch);
    for (const r of rows) await sealLegacyMessage(db, r.id, sealMessageBody(keys, r.body));
    done += rows.length;
    if (rows.length < batch) return done;
  }
}
