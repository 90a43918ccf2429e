import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * The member's opt-in to Secure Payment Confirmation at passkey registration (issue 21, docs/passkeys.md
 * "Payment passkeys"): remembered on the registration ceremony when the code is confirmed, so the options ask for
 * a platform authenticator with the WebAuthn `payment` extension and the finished passkey is recorded in
 * `spc_credentials`. The finish post cannot change it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `alter table passkey_ceremonies add column payment boolean not null default false;`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `alter table passkey_ceremonies drop column payment;`);
}
