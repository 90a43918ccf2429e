import { type Kysely, sql } from 'kysely';

/**
 * Runs a migration script statement by statement: PGlite's extended protocol takes one statement per query.
 * Statements are separated by a semicolon at the end of a line; keep dollar-quoted bodies free of that.
 */
export async function runScript(db: Kysely<unknown>, script: string): Promise<void> {
  for (const statement of script.split(/;\s*\n/)) {
    if (statement.trim() !== '') await sql.raw(statement).execute(db);
  }
}
