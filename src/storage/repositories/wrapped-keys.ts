import { sql } from 'kysely';
import { dataKeyAad, type KeyPurpose } from '../../infra/crypto/keyring.ts';
import type { Executor } from '../database.ts';

/** The columns that identify one wrapped key in its table, with their values. */
export type WrappedKeyId = Record<string, string | number>;

/**
 * One table that holds keys wrapped under the master key (src/infra/crypto/master-keys.ts).
 * `aad` is the associated data the value was wrapped with, computed from the row's key columns.
 */
export interface WrappedKeyTable {
  table: string;
  keyColumns: readonly string[];
  wrappedColumn: string;
  aad(id: WrappedKeyId): string;
}

/**
 * EVERY table holding a master-wrapped key. `keys rewrap` and `keys status` walk this list (and only this
 * list): a new table of wrapped keys must be added here, or replacing the master key would leave its keys
 * under the old one.
 */
export const WRAPPED_KEY_TABLES: readonly WrappedKeyTable[] = [
  {
    table: 'data_keys',
    keyColumns: ['purpose', 'version'],
    wrappedColumn: 'wrapped',
    aad: (id) => dataKeyAad(String(id.purpose) as KeyPurpose, Number(id.version)),
  },
  {
    // CAVV keys of the ceremony (migration 0014): wrapped with the row's wrap_label as the label.
    table: 'cvk_keys',
    keyColumns: ['id', 'wrap_label'],
    wrappedColumn: 'wrapped',
    aad: (id) => dataKeyAad('cvk', String(id.wrap_label)),
  },
];

export interface WrappedKeyRow {
  id: WrappedKeyId;
  wrapped: string;
}

/** Rows whose wrapped value does not start with `prefix` (the current master key's), in key order. */
export async function wrappedKeysNotUnder(db: Executor, t: WrappedKeyTable, prefix: string): Promise<WrappedKeyRow[]> {
  return selectWrapped(db, t, sql`where not starts_with(${sql.ref(t.wrappedColumn)}, ${prefix})`);
}

/** Every wrapped value of the table (these tables hold tens of rows), for `keys status`. */
export async function allWrappedKeys(db: Executor, t: WrappedKeyTable): Promise<WrappedKeyRow[]> {
  return selectWrapped(db, t, sql``);
}

async function selectWrapped(db: Executor, t: WrappedKeyTable, where: ReturnType<typeof sql>) {
  const keys = sql.join(t.keyColumns.map((c) => sql.ref(c)));
  const result = await sql<Record<string, string | number>>`
    select ${keys}, ${sql.ref(t.wrappedColumn)} as wrapped from ${sql.table(t.table)} ${where}
    order by ${keys}`.execute(db);
  return result.rows.map((row) => toRow(t, row));
}

/**
 * Replaces one wrapped value only if it is still the one read, in one short statement: a crash leaves each row
 * either old or new, and two runs at once cannot both write a row. True when this call wrote it.
 */
export async function replaceWrappedKey(
  db: Executor,
  t: WrappedKeyTable,
  row: WrappedKeyRow,
  rewrapped: string,
): Promise<boolean> {
  const match = sql.join(
    t.keyColumns.map((c) => sql`${sql.ref(c)} = ${row.id[c]}`),
    sql` and `,
  );
  const result = await sql`
    update ${sql.table(t.table)} set ${sql.ref(t.wrappedColumn)} = ${rewrapped}
    where ${match} and ${sql.ref(t.wrappedColumn)} = ${row.wrapped}
    returning 1 as done`.execute(db);
  return result.rows.length === 1;
}

function toRow(t: WrappedKeyTable, row: Record<string, string | number>): WrappedKeyRow {
  const id: WrappedKeyId = {};
  for (const c of t.keyColumns) id[c] = row[c] ?? '';
  return { id, wrapped: String(row.wrapped) };
}
