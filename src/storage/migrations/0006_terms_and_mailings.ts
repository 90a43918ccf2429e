import type { Kysely } from 'kysely';

/** Terms versions lifecycle and member mailings (issue #9, terms art. 3-2, 12). */
export async function up(_db: Kysely<unknown>): Promise<void> {}
