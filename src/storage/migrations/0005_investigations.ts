import type { Kysely } from 'kysely';

/** Fraud investigations (issue #8): cases, evidence, findings, decisions (terms art. 5-3). */
export async function up(_db: Kysely<unknown>): Promise<void> {}
