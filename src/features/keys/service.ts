import type { Config } from '../../app/config.ts';
import { ServiceError } from '../../core/errors.ts';
import type { Clock } from '../../core/ports.ts';
import { CVK_SWITCH_DELAY_MS } from '../../infra/crypto/cavv-keys.ts';
import {
  combineComponents,
  generateCvk,
  hasOddParity,
  kcv,
  parseComponent,
  weakCvk,
  withOddParity,
} from '../../infra/crypto/cvk-material.ts';
import type { KeyRing } from '../../infra/crypto/keyring.ts';
import { newId } from '../../infra/ids.ts';
import { type Db, withTransaction } from '../../storage/database.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';
import {
  type CvkListRow,
  closeCeremony,
  componentsOf,
  insertCeremony,
  insertComponent,
  insertCvk,
  keyRingVersions,
  listCvkRows,
  lockActiveCvk,
  lockCeremony,
  lockCvk,
  lockCvkChanges,
  markActive,
  markRegistered,
  markRetiring,
  openCeremonies,
  retireCvks,
} from '../../storage/repositories/cvks.ts';

/**
 * The CAVV key (CVK) ceremony (docs/operations.md "CAVV key ceremony", docs/cavv.md "Keys"): import a CVK as 2
 * or 3 clear components entered by different officers (or generate one), record its registration with Visa, and
 * activate it by a second officer; the key it replaces keeps verifying through a grace period. Every step is
 * audited in its own transaction; the audit records officers, numbers and KCVs, never key material.
 *
 * Officers are audit actors: `operator:<id>` in the console, `cli:<name>` in the CLI.
 */
export interface KeyDeps {
  db: Db;
  keys: KeyRing;
  clock: Clock;
  config: Pick<Config, 'CVK_GRACE_DAYS'>;
}

const DAY_MS = 86_400_000;
const REFERENCE = /^[\p{L}\p{N} ._:/#()-]{1,100}$/u;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Starts a component import; returns the ceremony id the officers enter their components under. */
export async function beginCeremony(deps: KeyDeps, components: number, officer: string): Promise<string> {
  if (components !== 2 && components !== 3) throw new ServiceError('invalid', 'components: 2 or 3', 'components');
  const at = deps.clock.now();
  const id = newId('cvc', at.getTime());
  await withTransaction(deps.db, async (trx) => {
    await insertCeremony(trx, { id, components, started_by: officer, started_at: at });
    await appendAudit(trx, {
      actor: officer,
      action: 'cvk.ceremony_started',
      subjectType: 'cvk_ceremony',
      subjectId: id,
      after: { components },
      at,
    });
  });
  return id;
}

export interface EnteredComponent {
  number: number;
  kcv: string;
  /** False when some byte has even parity (reported, not refused: the combined key is set to odd parity). */
  oddParity: boolean;
  remaining: number;
}

/**
 * One officer's component (32 hex digits, A then B). Stored encrypted under the current data key until the key
 * is combined; its KCV is returned for the officer to compare with their component sheet, and audited.
 */
export async function enterComponent(
  deps: KeyDeps,
  ceremonyId: string,
  officer: string,
  text: string,
): Promise<EnteredComponent> {
  const component = parseComponent(text);
  if (!component) throw new ServiceError('invalid', 'a component is 32 hexadecimal digits (A then B)', 'component');
  try {
    if (component.every((b) => (b & 0xfe) === 0))
      throw new ServiceError('invalid', 'a component of zeros is not a component', 'component');
    const check = kcv(component);
    const oddParity = hasOddParity(component);
    const at = deps.clock.now();
    return await withTransaction(deps.db, async (trx) => {
      const ceremony = await lockCeremony(trx, ceremonyId);
      if (!ceremony) throw new ServiceError('not_found', 'no such key ceremony', 'ceremony');
      if (ceremony.state !== 'open') throw new ServiceError('conflict', 'this ceremony is closed', 'ceremony');
      const entered = await componentsOf(trx, ceremonyId);
      if (entered.some((e) => e.officer === officer))
        throw new ServiceError('forbidden', 'each component must be entered by a different officer', 'officer');
      if (entered.length >= ceremony.components)
        throw new ServiceError('conflict', 'every component has been entered; finish the ceremony', 'ceremony');
      const same = entered.find((e) => e.kcv === check);
      if (same)
        throw new ServiceError('invalid', `this component has the KCV of component ${same.number}`, 'component');
      const number = entered.length + 1;
      await insertComponent(trx, {
        ceremony_id: ceremonyId,
        number,
        officer,
        component_enc: deps.keys.encrypt(component.toString('hex'), componentContext(ceremonyId, number)),
        kcv: check,
        entered_at: at,
      });
      await appendAudit(trx, {
        actor: officer,
        action: 'cvk.component_entered',
        subjectType: 'cvk_ceremony',
        subjectId: ceremonyId,
        after: { component: number, of: ceremony.components, kcv: check, oddParity },
        at,
      });
      return { number, kcv: check, oddParity, remaining: ceremony.components - number };
    });
  } finally {
    component.fill(0);
  }
}

export interface LoadedKey {
  id: string;
  keyIndicator: 1 | 2;
  kcv: string;
}

/**
 * Combines the components (XOR, then odd parity) into a CVK stored wrapped in state `loaded`, in the slot the
 * active key does not use; the components are deleted in the same transaction.
 */
export async function finishCeremony(deps: KeyDeps, ceremonyId: string, officer: string): Promise<LoadedKey> {
  const at = deps.clock.now();
  const loaded = await withTransaction(deps.db, async (trx) => {
    const ceremony = await lockCeremony(trx, ceremonyId);
    if (!ceremony) throw new ServiceError('not_found', 'no such key ceremony', 'ceremony');
    if (ceremony.state !== 'open') throw new ServiceError('conflict', 'this ceremony is closed', 'ceremony');
    const entered = await componentsOf(trx, ceremonyId);
    if (entered.length < ceremony.components)
      throw new ServiceError(
        'conflict',
        `${ceremony.components - entered.length} component(s) still to enter`,
        'ceremony',
      );
    const parts = entered.map((e) =>
      Buffer.from(deps.keys.decrypt(e.component_enc, componentContext(ceremonyId, e.number)), 'hex'),
    );
    const combined = combineComponents(parts);
    const key = withOddParity(combined);
    try {
      if (weakCvk(key))
        throw new ServiceError(
          'invalid',
          'the components combine to a weak key; cancel this ceremony and start again with new components',
          'ceremony',
        );
      const result = await storeLoaded(deps, trx, key, officer, at, 'components');
      if (!(await closeCeremony(trx, ceremonyId, 'finished', at, result.id)))
        throw new ServiceError('conflict', 'this ceremony is closed', 'ceremony');
      await appendAudit(trx, {
        actor: officer,
        action: 'cvk.loaded',
        subjectType: 'cvk',
        subjectId: result.id,
        after: { keyIndicator: result.keyIndicator, kcv: result.kcv, origin: 'components', ceremony: ceremonyId },
        at,
      });
      return result;
    } finally {
      for (const p of parts) p.fill(0);
      combined.fill(0);
      key.fill(0);
    }
  });
  return loaded;
}

/** Abandons an open ceremony and deletes the components entered so far. */
export async function cancelCeremony(deps: KeyDeps, ceremonyId: string, officer: string): Promise<void> {
  const at = deps.clock.now();
  await withTransaction(deps.db, async (trx) => {
    if (!(await closeCeremony(trx, ceremonyId, 'cancelled', at, null)))
      throw new ServiceError('conflict', 'no open ceremony with that id', 'ceremony');
    await appendAudit(trx, {
      actor: officer,
      action: 'cvk.ceremony_cancelled',
      subjectType: 'cvk_ceremony',
      subjectId: ceremonyId,
      at,
    });
  });
}

/** A CVK generated inside the service (for issuers without their own), loaded like an imported one. */
export async function generateKey(deps: KeyDeps, officer: string): Promise<LoadedKey> {
  const at = deps.clock.now();
  const key = generateCvk();
  try {
    return await withTransaction(deps.db, async (trx) => {
      const result = await storeLoaded(deps, trx, key, officer, at, 'generated');
      await appendAudit(trx, {
        actor: officer,
        action: 'cvk.loaded',
        subjectType: 'cvk',
        subjectId: result.id,
        after: { keyIndicator: result.keyIndicator, kcv: result.kcv, origin: 'generated' },
        at,
      });
      return result;
    });
  } finally {
    key.fill(0);
  }
}

async function storeLoaded(
  deps: KeyDeps,
  trx: Parameters<typeof insertCvk>[0],
  key: Buffer,
  officer: string,
  at: Date,
  origin: 'components' | 'generated',
): Promise<LoadedKey> {
  await lockCvkChanges(trx);
  const active = await lockActiveCvk(trx);
  const keyIndicator: 1 | 2 = active?.key_indicator === 1 ? 2 : 1;
  const id = newId('cvk', at.getTime());
  const check = kcv(key);
  await insertCvk(trx, {
    id,
    key_indicator: keyIndicator,
    origin,
    kcv: check,
    wrapped: deps.keys.wrapCvk(id, key),
    wrap_label: id,
    loaded_by: officer,
    loaded_at: at,
  });
  return { id, keyIndicator, kcv: check };
}

/** Records that the issuer registered the key with Visa in its slot (outside the service): reference and date. */
export async function registerKey(
  deps: KeyDeps,
  id: string,
  officer: string,
  input: { reference: string; registeredOn?: string },
): Promise<void> {
  const reference = input.reference.trim();
  if (!REFERENCE.test(reference))
    throw new ServiceError('invalid', 'reference: 1-100 letters, digits, spaces or . _ : / # ( ) -', 'reference');
  const at = deps.clock.now();
  const on = input.registeredOn?.trim() || japanDate(at);
  if (!DATE.test(on) || Number.isNaN(Date.parse(`${on}T00:00:00+09:00`)) || on > japanDate(at))
    throw new ServiceError('invalid', 'registeredOn: a date (YYYY-MM-DD), not in the future', 'registeredOn');
  await withTransaction(deps.db, async (trx) => {
    const row = await lockCvk(trx, id);
    if (!row) throw new ServiceError('not_found', 'no such CVK', 'id');
    if (!(await markRegistered(trx, id, { by: officer, at, reference, on })))
      throw new ServiceError('conflict', `this key is ${row.state}, not loaded`, 'id');
    await appendAudit(trx, {
      actor: officer,
      action: 'cvk.registered',
      subjectType: 'cvk',
      subjectId: id,
      before: { state: 'loaded' },
      after: { state: 'registered', keyIndicator: row.key_indicator, kcv: row.kcv, reference, registeredOn: on },
      at,
    });
  });
}

export interface Activation {
  /** When the key starts issuing on every node (CVK_SWITCH_DELAY_MS after the activation). */
  from: Date;
  previous?: { id: string; graceEndsAt: Date };
}

/**
 * Activates a registered key: only an officer other than whoever loaded or registered it. The active key
 * becomes `retiring` (it verifies until the grace period ends); a retiring key in the slot the new key takes is
 * retired now, since Visa holds one pair per slot.
 */
export async function activateKey(deps: KeyDeps, id: string, officer: string): Promise<Activation> {
  const at = deps.clock.now();
  const from = new Date(at.getTime() + CVK_SWITCH_DELAY_MS);
  const graceEndsAt = new Date(from.getTime() + deps.config.CVK_GRACE_DAYS * DAY_MS);
  const result = await withTransaction(deps.db, async (trx): Promise<Activation> => {
    await lockCvkChanges(trx);
    const row = await lockCvk(trx, id);
    if (!row) throw new ServiceError('not_found', 'no such CVK', 'id');
    if (row.state !== 'registered')
      throw new ServiceError('conflict', `this key is ${row.state}; only a registered key can be activated`, 'id');
    if (officer === row.loaded_by || officer === row.registered_by)
      throw new ServiceError(
        'forbidden',
        'a second officer must activate: not the one who loaded or registered this key',
        'officer',
      );
    const active = await lockActiveCvk(trx);
    if (active?.key_indicator === row.key_indicator)
      throw new ServiceError(
        'conflict',
        `the active key uses slot 0${row.key_indicator} too; load a new key (it takes the other slot)`,
        'id',
      );
    const displaced = await retireCvks(trx, { keyIndicator: row.key_indicator }, at);
    if (active && !(await markRetiring(trx, active.id, from, graceEndsAt)))
      throw new ServiceError('conflict', 'the active key changed meanwhile; try again', 'id');
    if (!(await markActive(trx, id, officer, from)))
      throw new ServiceError('conflict', 'this key changed meanwhile; try again', 'id');
    for (const d of displaced) {
      await appendAudit(trx, {
        actor: officer,
        action: 'cvk.retired',
        subjectType: 'cvk',
        subjectId: d.id,
        reason: `slot 0${d.key_indicator} taken by ${id}`,
        before: { state: 'retiring' },
        after: { state: 'retired', kcv: d.kcv },
        at,
      });
    }
    if (active) {
      await appendAudit(trx, {
        actor: officer,
        action: 'cvk.retiring',
        subjectType: 'cvk',
        subjectId: active.id,
        before: { state: 'active' },
        after: { state: 'retiring', from: from.toISOString(), graceEndsAt: graceEndsAt.toISOString() },
        at,
      });
    }
    await appendAudit(trx, {
      actor: officer,
      action: 'cvk.activated',
      subjectType: 'cvk',
      subjectId: id,
      before: { state: 'registered' },
      after: { state: 'active', keyIndicator: row.key_indicator, kcv: row.kcv, from: from.toISOString() },
      at,
    });
    return { from, ...(active && { previous: { id: active.id, graceEndsAt } }) };
  });
  await deps.keys.refreshCvks();
  return result;
}

/** Retiring keys whose grace period is over become `retired` (every node checks; one wins each row). */
export async function retireOverdueKeys(deps: KeyDeps): Promise<number> {
  const at = deps.clock.now();
  const due = deps.keys
    .cvks()
    .some((c) => c.state === 'retiring' && c.graceEndsAt !== null && c.graceEndsAt.getTime() <= at.getTime());
  if (!due) return 0;
  const retired = await withTransaction(deps.db, async (trx) => {
    const rows = await retireCvks(trx, { graceOverAt: at }, at);
    for (const r of rows) {
      await appendAudit(trx, {
        actor: 'system',
        action: 'cvk.retired',
        subjectType: 'cvk',
        subjectId: r.id,
        reason: 'grace period over',
        before: { state: 'retiring' },
        after: { state: 'retired', kcv: r.kcv },
        at,
      });
    }
    return rows.length;
  });
  await deps.keys.refreshCvks();
  return retired;
}

/** The key list: CVKs with their steps, open ceremonies (who entered which component), other key-ring versions. */
export async function keyOverview(deps: Pick<KeyDeps, 'db'>): Promise<{
  cvks: CvkListRow[];
  ceremonies: Awaited<ReturnType<typeof openCeremonies>>;
  others: Awaited<ReturnType<typeof keyRingVersions>>;
}> {
  const [cvks, ceremonies, others] = await Promise.all([
    listCvkRows(deps.db),
    openCeremonies(deps.db),
    keyRingVersions(deps.db),
  ]);
  return { cvks, ceremonies, others };
}

function componentContext(ceremonyId: string, number: number): string {
  return `cvk-component:${ceremonyId}:${number}`;
}

function japanDate(at: Date): string {
  return new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}
