import { type CompiledQuery, CompiledQuery as Raw } from 'kysely';
import type { Db } from '../../src/storage/database.ts';

/**
 * The plan PostgreSQL (or PGlite) gives `query`, as text: `explain` with `options` (e.g.
 * `(analyze, costs off)`), each plan line on a line of its own, for tests that assert which index a statement takes.
 */
export async function planText(db: Db, query: CompiledQuery, options = ''): Promise<string> {
  const plan = await db.executeQuery(Raw.raw(`explain ${options} ${query.sql}`, [...query.parameters]));
  return plan.rows.map((r) => Object.values(r as Record<string, unknown>).join(' ')).join('\n');
}
