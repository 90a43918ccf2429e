import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

/**
 * A software passkey for HTTP-level tests (the browser tests use Chromium's virtual authenticator instead):
 * ES256, attestation `none`, user presence and verification set unless told otherwise. Its CBOR comes from the
 * library's own encoder; only the test side builds authenticator data.
 */
export class SoftAuthenticator {
  readonly credentialId = randomBytes(16);
  readonly #key: KeyObject;
  readonly #publicJwk: { x: string; y: string };
  counter = 0;

  constructor(
    readonly origin: string,
    readonly rpId = new URL(origin).hostname,
  ) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.#key = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    this.#publicJwk = { x: jwk.x ?? '', y: jwk.y ?? '' };
  }

  get id(): string {
    return this.credentialId.toString('base64url');
  }

  /** The JSON a browser posts after navigator.credentials.create for `challenge`. */
  register(challenge: string, opts: { origin?: string; userVerified?: boolean } = {}): string {
    const cose = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(this.#publicJwk.x, 'base64url')],
      [-3, Buffer.from(this.#publicJwk.y, 'base64url')],
    ]);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([
      this.#header(0x40 | this.#flags(opts.userVerified)),
      Buffer.alloc(16),
      idLength,
      this.credentialId,
      Buffer.from(isoCBOR.encode(cose)),
    ]);
    const attestation = new Map<string, unknown>([
      ['fmt', 'none'],
      ['attStmt', new Map()],
      ['authData', new Uint8Array(authData)],
    ]);
    const clientData = this.#clientData('webauthn.create', challenge, opts.origin);
    return JSON.stringify({
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: clientData.toString('base64url'),
        attestationObject: Buffer.from(isoCBOR.encode(attestation as never)).toString('base64url'),
        transports: ['internal'],
      },
      clientExtensionResults: {},
    });
  }

  /**
   * The JSON a browser posts after navigator.credentials.get for `challenge` (the counter grows by one); with
   * `type` `payment.get` and `payment`, what a merchant's page gets from Secure Payment Confirmation.
   */
  assert(
    challenge: string,
    opts: { origin?: string; userVerified?: boolean; counter?: number; type?: string; payment?: object } = {},
  ): string {
    this.counter = opts.counter ?? this.counter + 1;
    const authData = this.#header(this.#flags(opts.userVerified));
    const clientData = this.#clientData(opts.type ?? 'webauthn.get', challenge, opts.origin, opts.payment);
    const signed = Buffer.concat([authData, createHash('sha256').update(clientData).digest()]);
    return JSON.stringify({
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: clientData.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: sign('sha256', signed, this.#key).toString('base64url'),
      },
      clientExtensionResults: {},
    });
  }

  #flags(userVerified = true): number {
    return 0x01 | (userVerified ? 0x04 : 0);
  }

  #header(flags: number): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(this.counter);
    return Buffer.concat([createHash('sha256').update(this.rpId).digest(), Buffer.from([flags]), count]);
  }

  #clientData(type: string, challenge: string, origin = this.origin, payment?: object): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false, ...(payment && { payment }) }));
  }
}
