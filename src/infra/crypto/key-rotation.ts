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
  replaceSealed,
  replaceSms,
  type SealedColumn,
  sealedNotUnder,
  sealLegacyMessage,
  smsNotUnder,
  unsealedMessages,
} from '../../storage/repositories/reencryption.ts';
import { sessionKeyContext } from './app-session.ts';
import type { KeyRing } from './keyring.ts';
import { componentContext, TRUSTED_NAME_CONTEXT } from './seal-contexts.ts';
import { CARDHOLDER_FIELDS, resealPersonalFields, sealMessageBody } from './sealed-message.ts';
import { TOTP_CONTEXT } from './totp.ts';

/**
 * Every other sealed column, with the context each row was sealed under (from the row's key). PANs, phone
 * bindings, SMS and the message log have loops of their own in `reencryptAll`; test/crypto/key-rotation.test.ts
 * fails when a table gains an `_enc` column that RESEALED_COLUMNS does not name.
 */
const OTHER_SEALED: readonly (SealedColumn & { context: (key: readonly string[]) => string })[] = [
  { table: 'phone_registration_attempts', key: ['id'], column: 'phone_enc', context: () => 'phone' },
  { table: 'investigation_transactions', key: ['id'], column: 'origin_phone_enc', context: () => 'phone' },
  { table: 'investigation_contacts', key: ['id'], column: 'phone_enc', context: () => 'phone' },
  { table: 'go_live_sms_tests', key: ['id'], column: 'phone_enc', context: () => 'phone' },
  { table: 'trusted_merchants', key: ['id'], column: 'merchant_name_enc', context: () => TRUSTED_NAME_CONTEXT },
  { table: 'passkeys', key: ['id'], column: 'credential_enc', context: () => 'passkey' },
  { table: 'operators', key: ['id'], column: 'totp_secret_enc', context: () => TOTP_CONTEXT },
  { table: 'operators', key: ['id'], column: 'totp_pending_enc', context: () => TOTP_CONTEXT },
  {
    table: 'cvk_components',
    key: ['ceremony_id', 'number'],
    column: 'component_enc',
    context: ([ceremony, number]) => componentContext(ceremony ?? '', number ?? ''),
  },
  {
    table: 'transactions',
    key: ['acs_trans_id'],
    column: 'app_session_key_enc',
    context: ([acsTransID]) => sessionKeyContext(acsTransID ?? ''),
  },
];

/** The sealed columns key rotation re-seals, as `table.column` (the completeness test's list). */
export const RESEALED_COLUMNS: readonly string[] = [
  'cards.pan_enc',
  'phone_bindings.phone_enc',
  'sms_messages.to_enc',
  'sms_messages.body_enc',
  'messages.pan_enc',
  'messages.personal_enc',
  'transactions.areq_pan_enc',
  'transactions.areq_personal_enc',
  'transactions.ares_personal_enc',
  ...OTHER_SEALED.map((c) => `${c.table}.${c.column}`),
];

/**
 * Rewrites ciphertexts made under older data keys, in small batches (each its own short transaction), so
 * rotation needs no downtime: nodes decrypt old and new versions alike while it runs.
 */
export async function reencryptAll(
  db: Executor,
  keys: KeyRing,
  batch = 200,
): Promise<{ cards: number; phones: number; sms: number; messages: number; other: number }> {
  const prefix = `e1.${keys.currentVersion('data')}.`;
  const counts = { cards: 0, phones: 0, sms: 0, messages: 0, other: 0 };
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
  for (const col of OTHER_SEALED) counts.other += await reencryptColumn(db, keys, col, prefix, batch);
  return counts;
}

/** One column of OTHER_SEALED, a batch at a time. */
async function reencryptColumn(
  db: Executor,
  keys: KeyRing,
  col: (typeof OTHER_SEALED)[number],
  prefix: string,
  batch: number,
): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await sealedNotUnder(db, col, prefix, batch);
    for (const r of rows) {
      const context = col.context(r.key);
      await replaceSealed(db, col, r.key, r.sealed, keys.encrypt(keys.decrypt(r.sealed, context), context));
    }
    done += rows.length;
    if (rows.length < batch) return done;
  }
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
