import { newChallenge, relyingPartyOf, verifyRegistration } from '../../src/features/passkeys/webauthn.ts';
import { recordConsent } from '../../src/features/terms/service/acceptance.ts';
import type { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { newId } from '../../src/infra/ids.ts';
import type { Db } from '../../src/storage/database.ts';
import { insertPasskey } from '../../src/storage/repositories/passkeys.ts';
import { SoftAuthenticator } from './soft-authenticator.ts';

export const PASSKEY_TERMS_ID = 'terms_passkeys';

/** A terms version in force that describes passkeys (terms art. 12), once per database. */
export async function passkeyTermsInForce(db: Db): Promise<void> {
  await db
    .insertInto('terms_versions')
    .values({
      id: PASSKEY_TERMS_ID,
      version: '2026-12-01',
      title: 'パスキーを加えた改定版',
      body: 'パスキーによる本人認証を定めます。',
      published_at: new Date(Date.now() - 2000),
      effective_at: new Date(Date.now() - 1000),
      covers_passkeys: true,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * A member who accepted those terms and holds a passkey, registered through the same verification the portal
 * uses (the portal's own steps are tested in test/portal/passkeys.test.ts). Returns the authenticator.
 */
export async function seedPasskey(
  db: Db,
  keys: KeyRing,
  input: { enetId: string; publicUrl: string; name?: string },
): Promise<SoftAuthenticator> {
  await passkeyTermsInForce(db);
  await recordConsent(db, { enetId: input.enetId, versionId: PASSKEY_TERMS_ID, ip: '127.0.0.1', at: new Date() });
  const rp = relyingPartyOf({ PUBLIC_URL: input.publicUrl, ISSUER_NAME: 'test' });
  const authenticator = new SoftAuthenticator(rp.origin);
  const challenge = newChallenge();
  const verified = await verifyRegistration(rp, JSON.parse(authenticator.register(challenge)), challenge);
  if (!verified) throw new Error('the soft authenticator did not register');
  await insertPasskey(db, {
    id: newId('pk'),
    enetId: input.enetId,
    credentialMac: keys.mac('passkey', verified.credentialId),
    credentialEnc: keys.encrypt(verified.credentialId, 'passkey'),
    publicKey: verified.publicKey,
    counter: verified.counter,
    transports: 'internal',
    name: input.name ?? '私のスマホ',
    at: new Date(),
  });
  return authenticator;
}

/** The newest passkey-registration code sent to a number (read from the SMS outbox, as the phone would). */
export async function passkeyCodeFor(db: Db, keys: KeyRing, phone: string): Promise<string> {
  const row = await db
    .selectFrom('sms_messages')
    .select('body_enc')
    .where('to_mac', '=', keys.mac('phone', phone))
    .where('purpose', '=', 'passkey_registration')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const code = /パスキー登録の確認コード(\d{6})/.exec(row ? keys.decrypt(row.body_enc, 'sms') : '')?.[1];
  if (!code) throw new Error('no passkey registration code was sent to that number');
  return code;
}
