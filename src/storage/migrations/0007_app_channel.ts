import type { Kysely } from 'kysely';

/** The app channel (EMV 3DS deviceChannel 01): key agreement and counters per transaction. */
export async function up(_db: Kysely<unknown>): Promise<void> {}
