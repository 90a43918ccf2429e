import { sql } from 'kysely';
import type { StoredCvk } from '../../infra/crypto/keyring.ts';
import type { Executor } from '../database.ts';
import type { CvkCeremonyRow, CvkKeysTable, CvkRow } from '../tables/keys.ts';

/**
 * The CVK aggregate (migration 0014): CVK pairs and their ceremony steps, and component imports in progress.
 * Every single-use step is one conditional update (`where state = …`) so two officers racing get one winner.
 */

/** One advisory lock key for CVK state changes: activations (and slot choices) serialise across nodes. */
const CVK_LOCK = 727_014;

/**
 * Serialises CVK state changes for the rest of the transaction, so the statements after it see the state the
 * previous change committed (a later activation then finds the new active key, not none).
 */
export async function lockCvkChanges(trx: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(${CVK_LOCK})`.execute(trx);
}

export type CvkListRow = Omit<CvkRow, 'wrapped' | 'wrap_label'>;

/** Active and retiring CVKs, for the key ring (src/infra/crypto/keyring.ts). */
export async function liveCvks(db: Executor): Promise<StoredCvk[]> {
  const rows = await db
    .selectFrom('cvk_keys')
    .select([
      'id',
      'key_indicator',
      'state',
      'wrapped',
      'wrap_label',
      'kcv',
      'activated_at',
      'retiring_at',
      'grace_ends_at',
    ])
    .where('state', 'in', ['active', 'retiring'])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    keyIndicator: r.key_indicator,
    state: r.state as 'active' | 'retiring',
    wrapped: r.wrapped,
    wrapLabel: r.wrap_label,
    kcv: r.kcv,
    activatedAt: r.activated_at,
    retiringAt: r.retiring_at,
    graceEndsAt: r.grace_ends_at,
  }));
}

/** A database with no CVK row takes the key ring's generated CVK as its active key (a no-op otherwise). */
export async function adoptKeyRingCvk(
  db: Executor,
  key: { version: number; wrapped: string; keyIndicator: 1 | 2; kcv: string },
): Promise<void> {
  await sql`insert into cvk_keys (id, key_indicator, state, origin, kcv, wrapped, wrap_label, loaded_by, loaded_at,
                                  activated_by, activated_at)
            select ${`cvk_ring_${key.version}`}, ${key.keyIndicator}, 'active', 'key_ring', ${key.kcv}, ${key.wrapped},
                   ${String(key.version)}, 'system', now(), 'system', now()
            where not exists (select 1 from cvk_keys)
            on conflict do nothing`.execute(db);
}

export async function fillCvkKcv(db: Executor, id: string, kcv: string): Promise<void> {
  await db.updateTable('cvk_keys').set({ kcv }).where('id', '=', id).where('kcv', 'is', null).execute();
}

export async function listCvkRows(db: Executor): Promise<CvkListRow[]> {
  return db
    .selectFrom('cvk_keys')
    .select([
      'id',
      'key_indicator',
      'state',
      'origin',
      'kcv',
      'loaded_by',
      'loaded_at',
      'registered_by',
      'registered_at',
      'visa_reference',
      'visa_registered_on',
      'activated_by',
      'activated_at',
      'retiring_at',
      'grace_ends_at',
      'retired_at',
    ])
    .orderBy('loaded_at', 'desc')
    .orderBy('id')
    .execute();
}

export async function insertCvk(
  trx: Executor,
  row: Pick<CvkKeysTable, 'id' | 'key_indicator' | 'origin' | 'kcv' | 'wrapped' | 'wrap_label' | 'loaded_by'> & {
    loaded_at: Date;
  },
): Promise<void> {
  await trx
    .insertInto('cvk_keys')
    .values({ ...row, state: 'loaded' })
    .execute();
}

/** The row, locked for the rest of the transaction. */
export async function lockCvk(trx: Executor, id: string): Promise<CvkListRow | undefined> {
  return trx
    .selectFrom('cvk_keys')
    .select([
      'id',
      'key_indicator',
      'state',
      'origin',
      'kcv',
      'loaded_by',
      'loaded_at',
      'registered_by',
      'registered_at',
      'visa_reference',
      'visa_registered_on',
      'activated_by',
      'activated_at',
      'retiring_at',
      'grace_ends_at',
      'retired_at',
    ])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** The active key's id and slot, locked (activation and loading pick the other slot). */
export async function lockActiveCvk(trx: Executor): Promise<{ id: string; key_indicator: 1 | 2 } | undefined> {
  return trx
    .selectFrom('cvk_keys')
    .select(['id', 'key_indicator'])
    .where('state', '=', 'active')
    .forUpdate()
    .executeTakeFirst();
}

export async function markRegistered(
  trx: Executor,
  id: string,
  step: { by: string; at: Date; reference: string; on: string },
): Promise<boolean> {
  const done = await trx
    .updateTable('cvk_keys')
    .set({
      state: 'registered',
      registered_by: step.by,
      registered_at: step.at,
      visa_reference: step.reference,
      visa_registered_on: step.on,
    })
    .where('id', '=', id)
    .where('state', '=', 'loaded')
    .executeTakeFirst();
  return done.numUpdatedRows === 1n;
}

export async function markRetiring(trx: Executor, id: string, from: Date, graceEndsAt: Date): Promise<boolean> {
  const done = await trx
    .updateTable('cvk_keys')
    .set({ state: 'retiring', retiring_at: from, grace_ends_at: graceEndsAt })
    .where('id', '=', id)
    .where('state', '=', 'active')
    .executeTakeFirst();
  return done.numUpdatedRows === 1n;
}

/** Ends retiring keys at once: those in a slot a new key takes over, or those whose grace period is over. */
export async function retireCvks(
  trx: Executor,
  which: { keyIndicator: 1 | 2 } | { graceOverAt: Date },
  at: Date,
): Promise<{ id: string; key_indicator: 1 | 2; kcv: string | null }[]> {
  let q = trx.updateTable('cvk_keys').set({ state: 'retired', retired_at: at }).where('state', '=', 'retiring');
  q =
    'keyIndicator' in which
      ? q.where('key_indicator', '=', which.keyIndicator)
      : q.where('grace_ends_at', '<=', which.graceOverAt);
  return q.returning(['id', 'key_indicator', 'kcv']).execute();
}

export async function markActive(trx: Executor, id: string, by: string, from: Date): Promise<boolean> {
  const done = await trx
    .updateTable('cvk_keys')
    .set({ state: 'active', activated_by: by, activated_at: from })
    .where('id', '=', id)
    .where('state', '=', 'registered')
    .executeTakeFirst();
  return done.numUpdatedRows === 1n;
}

// ceremonies

export async function insertCeremony(
  trx: Executor,
  row: { id: string; components: 2 | 3; started_by: string; started_at: Date },
): Promise<void> {
  await trx.insertInto('cvk_ceremonies').values(row).execute();
}

export async function lockCeremony(trx: Executor, id: string): Promise<CvkCeremonyRow | undefined> {
  return trx.selectFrom('cvk_ceremonies').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Open ceremonies and who entered which component (component KCVs are shown once, at entry, and audited). */
export async function openCeremonies(
  db: Executor,
): Promise<(CvkCeremonyRow & { entered: { number: number; officer: string }[] })[]> {
  const ceremonies = await db
    .selectFrom('cvk_ceremonies')
    .selectAll()
    .where('state', '=', 'open')
    .orderBy('started_at')
    .execute();
  if (ceremonies.length === 0) return [];
  const entered = await db
    .selectFrom('cvk_components')
    .select(['ceremony_id', 'number', 'officer'])
    .where(
      'ceremony_id',
      'in',
      ceremonies.map((c) => c.id),
    )
    .orderBy('number')
    .execute();
  return ceremonies.map((c) => ({ ...c, entered: entered.filter((e) => e.ceremony_id === c.id) }));
}

export async function componentsOf(
  trx: Executor,
  ceremonyId: string,
): Promise<{ number: number; officer: string; component_enc: string; kcv: string }[]> {
  return trx
    .selectFrom('cvk_components')
    .select(['number', 'officer', 'component_enc', 'kcv'])
    .where('ceremony_id', '=', ceremonyId)
    .orderBy('number')
    .execute();
}

export async function insertComponent(
  trx: Executor,
  row: { ceremony_id: string; number: number; officer: string; component_enc: string; kcv: string; entered_at: Date },
): Promise<void> {
  await trx.insertInto('cvk_components').values(row).execute();
}

/** Deletes the ceremony's components and closes it (finished with its key, or cancelled). */
export async function closeCeremony(
  trx: Executor,
  id: string,
  state: 'finished' | 'cancelled',
  at: Date,
  cvkId: string | null,
): Promise<boolean> {
  await trx.deleteFrom('cvk_components').where('ceremony_id', '=', id).execute();
  const done = await trx
    .updateTable('cvk_ceremonies')
    .set({ state, finished_at: at, cvk_id: cvkId })
    .where('id', '=', id)
    .where('state', '=', 'open')
    .executeTakeFirst();
  return done.numUpdatedRows === 1n;
}

/** Versions and dates of the other key-ring keys (data, mac, form) for the key list; never their material. */
export async function keyRingVersions(db: Executor): Promise<{ purpose: string; version: number; created_at: Date }[]> {
  return db
    .selectFrom('data_keys')
    .select(['purpose', 'version', 'created_at'])
    .where('purpose', '<>', 'cvk')
    .orderBy('purpose')
    .orderBy('version')
    .execute();
}
