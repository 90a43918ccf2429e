import type { Executor } from '../../storage/database.ts';
import {
  allWrappedKeys,
  replaceWrappedKey,
  WRAPPED_KEY_TABLES,
  type WrappedKeyId,
  type WrappedKeyTable,
  wrappedKeysNotUnder,
} from '../../storage/repositories/wrapped-keys.ts';
import { type MasterKeys, namedMasterKeyId } from './master-keys.ts';

export interface RewrapEvent {
  table: string;
  id: WrappedKeyId;
  /** rewrapped: this run wrote it; elsewhere: it changed since it was read (another run); unreadable: no key opens it. */
  outcome: 'rewrapped' | 'elsewhere' | 'unreadable';
  masterKeyId: string;
}

export interface RewrapResult {
  /** Rows found not under the current master key when the run started. */
  found: number;
  rewrapped: number;
  elsewhere: number;
  unreadable: RewrapEvent[];
  /** Rows still not under the current master key when the run ended (0 = done). */
  left: number;
}

/**
 * Re-wraps every key of WRAPPED_KEY_TABLES not under the current master key: one short conditional update per
 * row (src/storage/repositories/wrapped-keys.ts), so a run killed half-way is finished by the next, two runs at
 * once write each row once, and a row is never wrapped twice (the new value is always made from the key inside
 * the old one). Running nodes are not disturbed: they keep the keys they loaded, and either value opens with
 * NINSHO_MASTER_KEY plus NINSHO_MASTER_KEY_PREVIOUS. docs/operations.md "Replacing the master key".
 */
export async function rewrapAll(
  db: Executor,
  masters: MasterKeys,
  options: { pauseMs?: number; onRow?: (event: RewrapEvent, done: number, of: number) => void } = {},
  tables: readonly WrappedKeyTable[] = WRAPPED_KEY_TABLES,
): Promise<RewrapResult> {
  const pending = [];
  for (const t of tables) {
    for (const row of await wrappedKeysNotUnder(db, t, masters.currentPrefix)) pending.push({ t, row });
  }
  const result: RewrapResult = { found: pending.length, rewrapped: 0, elsewhere: 0, unreadable: [], left: 0 };
  let done = 0;
  for (const { t, row } of pending) {
    const opened = masters.tryUnwrap(t.aad(row.id), row.wrapped);
    let event: RewrapEvent;
    if (!opened) {
      event = { table: t.table, id: row.id, outcome: 'unreadable', masterKeyId: namedMasterKeyId(row.wrapped) };
      result.unreadable.push(event);
    } else {
      const wrote = await replaceWrappedKey(db, t, row, masters.wrap(t.aad(row.id), opened.key));
      opened.key.fill(0);
      event = {
        table: t.table,
        id: row.id,
        outcome: wrote ? 'rewrapped' : 'elsewhere',
        masterKeyId: opened.masterKeyId,
      };
      if (wrote) result.rewrapped++;
      else result.elsewhere++;
    }
    options.onRow?.(event, ++done, pending.length);
    if (options.pauseMs && done < pending.length) await new Promise((r) => setTimeout(r, options.pauseMs));
  }
  for (const t of tables) result.left += (await wrappedKeysNotUnder(db, t, masters.currentPrefix)).length;
  return result;
}

export interface WrappedKeyGroup {
  /** The master key that opens these values ('?' when none held here does). */
  masterKeyId: string;
  format: 'w1' | 'w2';
  role: 'current' | 'previous' | 'unknown';
  count: number;
}

export interface WrappedKeyTableStatus {
  table: string;
  total: number;
  groups: WrappedKeyGroup[];
  /** Not yet under the current master key in the w2 format. */
  left: number;
}

/** How many wrapped keys each table holds under which master key id (`keys status`). */
export async function wrappedKeyStatus(
  db: Executor,
  masters: MasterKeys,
  tables: readonly WrappedKeyTable[] = WRAPPED_KEY_TABLES,
): Promise<WrappedKeyTableStatus[]> {
  const out: WrappedKeyTableStatus[] = [];
  for (const t of tables) {
    const rows = await allWrappedKeys(db, t);
    const groups = new Map<string, WrappedKeyGroup>();
    let left = 0;
    for (const row of rows) {
      const format = row.wrapped.startsWith('w1.') ? 'w1' : 'w2';
      const named = namedMasterKeyId(row.wrapped);
      const opened = masters.tryUnwrap(t.aad(row.id), row.wrapped);
      opened?.key.fill(0);
      const masterKeyId = opened?.masterKeyId ?? (format === 'w2' ? named : '?');
      const role = !opened ? 'unknown' : masterKeyId === masters.currentId ? 'current' : 'previous';
      if (!masters.isCurrent(row.wrapped)) left++;
      const k = `${format}:${masterKeyId}:${role}`;
      const g = groups.get(k) ?? { masterKeyId, format, role, count: 0 };
      g.count++;
      groups.set(k, g);
    }
    out.push({ table: t.table, total: rows.length, groups: [...groups.values()], left });
  }
  return out;
}
