import type { Config } from '../../app/config.ts';
import { ServiceError } from '../../core/errors.ts';
import { jstDay } from '../../core/format.ts';
import type { Clock } from '../../core/ports.ts';
import { CVK_SWITCH_DELAY_MS } from '../../infra/crypto/cavv-keys.ts';
import type { KeyRing } from '../../infra/crypto/keyring.ts';
import { type Db, withTransaction } from '../../storage/database.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';
import {
  type CvkListRow,
  keyRingVersions,
  listCvkRows,
  lockActiveCvk,
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
  const on = input.registeredOn?.trim() || jstDay(at);
  if (!DATE.test(on) || Number.isNaN(Date.parse(`${on}T00:00:00+09:00`)) || on > jstDay(at))
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
