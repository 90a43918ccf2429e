import { sql } from 'kysely';
import type { Executor } from '../database.ts';

/**
 * Ciphertexts not yet under the current data key (src/infra/crypto/key-rotation.ts): each reader takes one batch
 * of rows whose sealed column does not start with `prefix`; each writer replaces one row's ciphertexts.
 */

export async function cardPansNotUnder(db: Executor, prefix: string, batch: number) {
  return db
    .selectFrom('cards')
    .select(['card_ref', 'pan_enc'])
    .where('pan_enc', 'not like', `${prefix}%`)
    .limit(batch)
    .execute();
}

/** Replaces the sealed PAN only if it is still the one read (a concurrent change wins). */
export async function replaceCardPan(db: Executor, cardRef: string, from: string, to: string): Promise<void> {
  await db
    .updateTable('cards')
    .set({ pan_enc: to })
    .where('card_ref', '=', cardRef)
    .where('pan_enc', '=', from)
    .execute();
}

export async function phonesNotUnder(db: Executor, prefix: string, batch: number) {
  return db
    .selectFrom('phone_bindings')
    .select(['id', 'phone_enc'])
    .where('phone_enc', 'not like', `${prefix}%`)
    .limit(batch)
    .execute();
}

export async function replacePhone(db: Executor, id: string, from: string, to: string): Promise<void> {
  await db
    .updateTable('phone_bindings')
    .set({ phone_enc: to })
    .where('id', '=', id)
    .where('phone_enc', '=', from)
    .execute();
}

export async function smsNotUnder(db: Executor, prefix: string, batch: number) {
  return db
    .selectFrom('sms_messages')
    .select(['id', 'to_enc', 'body_enc'])
    .where('to_enc', 'not like', `${prefix}%`)
    .limit(batch)
    .execute();
}

export async function replaceSms(db: Executor, id: string, sealed: { toEnc: string; bodyEnc: string }): Promise<void> {
  await db
    .updateTable('sms_messages')
    .set({ to_enc: sealed.toEnc, body_enc: sealed.bodyEnc })
    .where('id', '=', id)
    .execute();
}

/** Logged messages with a sealed PAN or sealed cardholder fields under an older key. */
export async function messagesNotUnder(db: Executor, prefix: string, batch: number) {
  return db
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
}

export async function replaceMessageSeals(
  db: Executor,
  id: string,
  sealed: { panEnc: string | null; personalEnc: string | null },
): Promise<void> {
  await db
    .updateTable('messages')
    .set({ pan_enc: sealed.panEnc, personal_enc: sealed.personalEnc })
    .where('id', '=', id)
    .execute();
}

/** AReq/ARes pairs kept on their transaction rows (migration 0018) with a seal under an older key. */
export async function areqLogsNotUnder(db: Executor, prefix: string, batch: number) {
  const older = (column: 'areq_pan_enc' | 'areq_personal_enc' | 'ares_personal_enc') =>
    sql<boolean>`(${sql.ref(column)} is not null and ${sql.ref(column)} not like ${`${prefix}%`})`;
  return db
    .selectFrom('transactions')
    .select(['acs_trans_id', 'areq_pan_enc', 'areq_personal_enc', 'ares_personal_enc'])
    .where((eb) => eb.or([older('areq_pan_enc'), older('areq_personal_enc'), older('ares_personal_enc')]))
    .limit(batch)
    .execute();
}

export async function replaceAReqLogSeals(
  db: Executor,
  acsTransID: string,
  sealed: { areqPanEnc: string | null; areqPersonalEnc: string | null; aresPersonalEnc: string | null },
): Promise<void> {
  await db
    .updateTable('transactions')
    .set({
      areq_pan_enc: sealed.areqPanEnc,
      areq_personal_enc: sealed.areqPersonalEnc,
      ares_personal_enc: sealed.aresPersonalEnc,
    })
    .where('acs_trans_id', '=', acsTransID)
    .execute();
}

/** Messages logged before cardholder fields were sealed (migration 0011) that carry one of `fields`. */
export async function unsealedMessages(db: Executor, fields: readonly string[], batch: number) {
  return db
    .selectFrom('messages')
    .select(['id', 'body'])
    .where('personal_enc', 'is', null)
    .where(sql<boolean>`body::jsonb ?| ${[...fields]}::text[]`)
    .limit(batch)
    .execute();
}

/** Stores the sealed form of a legacy message, unless another run sealed it first. */
export async function sealLegacyMessage(
  db: Executor,
  id: string,
  sealed: { body: string; personal_enc: string | null },
): Promise<void> {
  await db
    .updateTable('messages')
    .set({ body: sealed.body, personal_enc: sealed.personal_enc })
    .where('id', '=', id)
    .where('personal_enc', 'is', null)
    .execute();
}

/**
 * Any other sealed column: the table, the columns naming a row, and the sealed column (one context per row, given
 * by the caller from the row's key; src/infra/crypto/key-rotation.ts lists them).
 */
export interface SealedColumn {
  table: string;
  key: readonly string[];
  column: string;
}

/** Up to `batch` rows of `col` whose ciphertext is not under `prefix`: the row's key values and the ciphertext. */
export async function sealedNotUnder(
  db: Executor,
  col: SealedColumn,
  prefix: string,
  batch: number,
): Promise<{ key: string[]; sealed: string }[]> {
  const keys = col.key.map((k, i) => sql`${sql.ref(k)}::text as ${sql.id(`k${i}`)}`);
  const result = await sql<Record<string, string>>`
    select ${sql.join(keys)}, ${sql.ref(col.column)} as sealed from ${sql.table(col.table)}
    where ${sql.ref(col.column)} is not null and ${sql.ref(col.column)} not like ${`${prefix}%`}
    limit ${batch}`.execute(db);
  return result.rows.map((r) => ({ key: col.key.map((_, i) => r[`k${i}`] ?? ''), sealed: r.sealed ?? '' }));
}

/** Replaces one row's ciphertext only if it is still the one read (a concurrent change wins). */
export async function replaceSealed(
  db: Executor,
  col: SealedColumn,
  key: readonly string[],
  from: string,
  to: string,
): Promise<void> {
  // the key column uncast, so its index finds the row (the parameter takes the column's type)
  const byKey = col.key.map((k, i) => sql`${sql.ref(k)} = ${key[i]}`);
  await sql`
    update ${sql.table(col.table)} set ${sql.ref(col.column)} = ${to}
    where ${sql.join(byKey, sql` and `)} and ${sql.ref(col.column)} = ${from}`.execute(db);
}
