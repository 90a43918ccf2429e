import type { Kysely } from 'kysely';
import { runScript } from '../sql-script.ts';

/**
 * Secure Payment Confirmation (issue 21, EMV 3DS 2.3.1; docs/passkeys.md "Secure Payment Confirmation").
 * `spc_credentials`: the passkeys created as payment credentials (the WebAuthn `payment` extension), the only
 * ones a browser lets a merchant's page use in SPC, so the only ones an ARes S lists in webAuthnCredList.
 * The SPC challenge itself is an authentication ceremony of migration 0019 (id `spc_…`), single use by its
 * `used_at`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
create table spc_credentials (
  passkey_id text primary key references passkeys(id),
  registered_at timestamptz not null
);
`,
  );
}
