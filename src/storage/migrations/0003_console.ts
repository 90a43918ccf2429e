import type { Kysely } from 'kysely';

/** Back-office console (issue #7): operators, their sessions, approvals. Filled in by the console work. */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
