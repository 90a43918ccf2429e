import type { KeyRing } from '../../src/infra/crypto/keyring.ts';
import type { Db } from '../../src/storage/database.ts';
import { markSpcCredential } from '../../src/storage/repositories/spc.ts';
import { seedPasskey } from './passkeys.ts';
import type { SoftAuthenticator } from './soft-authenticator.ts';

/** What the browser's SPC dialog showed, as it lands in clientDataJSON.payment. */
export interface SpcShown {
  rpId: string;
  topOrigin: string;
  payeeOrigin?: string;
  payeeName?: string;
  total: { currency: string; value: string };
  instrument: { displayName: string; icon: string; iconMustBeShown: boolean };
}

/**
 * A member's passkey (seedPasskey: terms accepted, registered through the portal's verification), recorded as a
 * payment credential — made with the WebAuthn `payment` extension, as a browser needs for SPC — unless told not.
 */
export async function seedSpcPasskey(
  db: Db,
  keys: KeyRing,
  input: { enetId: string; publicUrl: string; payment?: boolean },
): Promise<SoftAuthenticator> {
  const authenticator = await seedPasskey(db, keys, { ...input, name: 'SPC の端末' });
  const passkey = await db
    .selectFrom('passkeys')
    .select('id')
    .where('credential_mac', '=', keys.mac('passkey', authenticator.id))
    .executeTakeFirstOrThrow();
  if (input.payment !== false) await markSpcCredential(db, passkey.id, new Date());
  return authenticator;
}
