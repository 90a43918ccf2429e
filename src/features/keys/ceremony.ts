import { ServiceError } from '../../core/errors.ts';
import {
  combineComponents,
  generateCvk,
  hasOddParity,
  kcv,
  parseComponent,
  weakCvk,
  withOddParity,
} from '../../infra/crypto/cvk-material.ts';
import { componentContext } from '../../infra/crypto/seal-contexts.ts';
import { newId } from '../../infra/ids.ts';
import { withTransaction } from '../../storage/database.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';
import {
  closeCeremony,
  componentsOf,
  insertCeremony,
  insertComponent,
  insertCvk,
  lockActiveCvk,
  lockCeremony,
  lockCvkChanges,
} from '../../storage/repositories/cvks.ts';
import type { KeyDeps } from './service.ts';

// Loading a CVK (docs/operations.md "CAVV key ceremony"): components entered by different officers and combined
// only here, or a key generated here. Registration and activation follow in ./service.ts.

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
