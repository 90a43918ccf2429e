import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { recordConsent } from '../../src/features/terms/service/acceptance.ts';
import type { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { newId } from '../../src/infra/ids.ts';
import type { Db } from '../../src/storage/database.ts';
import { insertPasskey } from '../../src/storage/repositories/passkeys.ts';
import { markSpcCredential } from '../../src/storage/repositories/spc.ts';
import { PASSKEY_TERMS_ID, passkeyTermsInForce } from './passkeys.ts';

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
 * A software authenticator answering Secure Payment Confirmation for HTTP-level tests: ES256, user presence and
 * verification set unless told otherwise, clientDataJSON of type `payment.get` as the browser writes it. The
 * public key is stored as COSE by the library's own CBOR encoder; the test builds only authenticator data.
 */
export class SpcAuthenticator {
  readonly credentialId = randomBytes(16);
  readonly #key: KeyObject;
  readonly #cose: Uint8Array;
  counter = 0;

  constructor(readonly rpId: string) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.#key = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    this.#cose = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x ?? '', 'base64url')],
        [-3, Buffer.from(jwk.y ?? '', 'base64url')],
      ]),
    );
  }

  get id(): string {
    return this.credentialId.toString('base64url');
  }

  /** Registers this credential (a payment credential unless told otherwise) for a member who accepted passkey terms. */
  async seed(db: Db, keys: KeyRing, enetId: string, payment = true): Promise<this> {
    await passkeyTermsInForce(db);
    await recordConsent(db, { enetId, versionId: PASSKEY_TERMS_ID, ip: '127.0.0.1', at: new Date() });
    const id = newId('pk');
    await insertPasskey(db, {
      id,
      enetId,
      credentialMac: keys.mac('passkey', this.id),
      credentialEnc: keys.encrypt(this.id, 'passkey'),
      publicKey: Buffer.from(this.#cose).toString('base64url'),
      counter: 0,
      transports: 'internal',
      name: 'SPC の端末',
      at: new Date(),
    });
    // created with the WebAuthn `payment` extension, as a browser needs for SPC (docs/passkeys.md)
    if (payment) await markSpcCredential(db, id, new Date());
    return this;
  }

  /** The PublicKeyCredential JSON the merchant's page gets from SPC for `challenge` (the counter grows by one). */
  assert(
    challenge: string,
    origin: string,
    payment: SpcShown,
    opts: { userVerified?: boolean; type?: string; rpId?: string } = {},
  ): Record<string, unknown> {
    this.counter += 1;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(this.counter);
    const flags = 0x01 | (opts.userVerified === false ? 0 : 0x04);
    const rpHash = createHash('sha256')
      .update(opts.rpId ?? this.rpId)
      .digest();
    const authData = Buffer.concat([rpHash, Buffer.from([flags]), count]);
    const clientData = Buffer.from(
      JSON.stringify({ type: opts.type ?? 'payment.get', challenge, origin, crossOrigin: false, payment }),
    );
    const signed = Buffer.concat([authData, createHash('sha256').update(clientData).digest()]);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: clientData.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: sign('sha256', signed, this.#key).toString('base64url'),
      },
      clientExtensionResults: {},
    };
  }
}
