import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * The message log's cardholder fields (src/infra/crypto/sealed-message.ts) are sealed together in `personal_enc`;
 * rows logged before this keep their bodies until `keys reencrypt` seals them (src/infra/crypto/key-rotation.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, 'alter table messages add column personal_enc text;');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, 'alter table messages drop column personal_enc;');
}
