import { createPrivateKey, createPublicKey } from 'node:crypto';
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';
import type { Clock } from '../../src/core/ports.ts';
import type { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { newId } from '../../src/infra/ids.ts';
import type { Db } from '../../src/storage/database.ts';
import { insertPasskey } from '../../src/storage/repositories/passkeys.ts';

/**
 * DEMO ONLY — a passkey whose private key is published here, so it protects nothing. It exists so the console,
 * the portal's passkey list and the case evidence show a passkey from the first start (issue 21). Seeded only by
 * `seedDemo` (SEED_DEMO=true); no production code imports this file.
 *
 * To use it, add it to Chromium's virtual authenticator (a ctap2 / internal one with resident keys and user
 * verification) with the DevTools protocol's `WebAuthn.addCredential`: the credential id, RP id (PUBLIC_URL's
 * host, `localhost` by default), user handle and this PKCS#8 private key (README, "Then pay with a passkey").
 */
export const DEMO_ONLY_PASSKEY = {
  enetId: 'demo-hanako',
  name: 'デモ用パスキー（秘密鍵公開済み）',
  /** base64url, as the browser reports it. */
  credentialId: 'ui8d3GaRiUjH9srpoj410Q',
  /** base64url; any value: the server keeps no user handle (webauthn.ts lets the library pick one). */
  userHandle: 'O-n7x1RYiADxkqLl2Wak9A',
  /** ES256 (P-256) private key, PKCS#8 DER in base64 — the form WebAuthn.addCredential takes. DEMO ONLY. */
  privateKeyPkcs8:
    'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg23vTpaBDX/3FjjSwHkFgdieX2G+IzQacvuy4QrXQJAWhRANCAARoDvpP/V6ZjAImbKBtx6JqRsYGZkbXftA4JPxgdBL4W/AYP2MD0fJzOFWqJ+7dE4bhUhmGq8jUpd0Yh1bzsqvk',
} as const;

/** The public half as a COSE key (EC2, ES256), stored as the portal's registration stores one. */
function demoPublicKeyCose(): string {
  const key = createPrivateKey({
    key: Buffer.from(DEMO_ONLY_PASSKEY.privateKeyPkcs8, 'base64'),
    format: 'der',
    type: 'pkcs8',
  });
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  const cose = new Map<number, number | Uint8Array>([
    [1, 2],
    [3, -7],
    [-1, 1],
    [-2, new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url'))],
    [-3, new Uint8Array(Buffer.from(jwk.y ?? '', 'base64url'))],
  ]);
  return isoBase64URL.fromBuffer(isoCBOR.encode(cose));
}

/** Gives the demo member the passkey above, stored like a registered one (id as MAC + sealed). */
export async function seedDemoPasskey(deps: { db: Db; keys: KeyRing; clock: Clock }): Promise<void> {
  const at = deps.clock.now();
  const id = DEMO_ONLY_PASSKEY.credentialId;
  await insertPasskey(deps.db, {
    id: newId('pk', at.getTime()),
    enetId: DEMO_ONLY_PASSKEY.enetId,
    credentialMac: deps.keys.mac('passkey', id),
    credentialEnc: deps.keys.encrypt(id, 'passkey'),
    publicKey: demoPublicKeyCose(),
    counter: 0,
    transports: 'internal',
    name: DEMO_ONLY_PASSKEY.name,
    at,
  });
}
