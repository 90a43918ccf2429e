import { createPublicKey, diffieHellman, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { emvSessionKey } from './concat-kdf.ts';

/**
 * The app channel's key agreement (EMV 3DS Core Spec §6.2.3): per AReq the ACS makes an ephemeral P-256
 * key pair, agrees a secret with the SDK's ephemeral key, and derives the session key that protects
 * every CReq and CRes of the transaction.
 */

/** An EC P-256 public key as the protocol carries it (sdkEphemPubKey, acsEphemPubKey). */
export interface EcPublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

const COORDINATE = /^[A-Za-z0-9_-]{43}$/; // 32 bytes, base64url without padding

/**
 * The SDK's ephemeral key from an AReq, or undefined when it is not an EC P-256 JWK whose point lies on the
 * curve. Only kty/crv/x/y are read; any other member (a stray private "d") is ignored.
 */
export function readSdkEphemPubKey(value: unknown): { jwk: EcPublicJwk; key: KeyObject } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { kty, crv, x, y } = value as Record<string, unknown>;
  if (kty !== 'EC' || crv !== 'P-256' || typeof x !== 'string' || typeof y !== 'string') return undefined;
  if (!COORDINATE.test(x) || !COORDINATE.test(y)) return undefined;
  const jwk: EcPublicJwk = { kty, crv, x, y };
  try {
    // OpenSSL refuses a point that is not on the curve (invalid-curve attacks on the ECDH below).
    return { jwk, key: createPublicKey({ key: { ...jwk }, format: 'jwk' }) };
  } catch {
    return undefined;
  }
}

export interface AppSessionKeys {
  acsEphemPubKey: EcPublicJwk;
  /** 32 bytes; the caller stores it only encrypted under the key ring. */
  sessionKey: Buffer;
}

/** A fresh ACS ephemeral key, the ECDH secret with the SDK's key, and the derived session key. */
export function agreeSessionKey(sdkKey: KeyObject, sdkReferenceNumber: string): AppSessionKeys {
  const acs = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const sharedSecret = diffieHellman({ privateKey: acs.privateKey, publicKey: sdkKey });
  const exported: JsonWebKey = acs.publicKey.export({ format: 'jwk' });
  if (typeof exported.x !== 'string' || typeof exported.y !== 'string') throw new Error('P-256 export failed');
  return {
    acsEphemPubKey: { kty: 'EC', crv: 'P-256', x: exported.x, y: exported.y },
    sessionKey: emvSessionKey(sharedSecret, sdkReferenceNumber),
  };
}

/** Key-ring context of a stored session key: bound to its transaction, so it cannot be moved to another row. */
export function sessionKeyContext(acsTransID: string): string {
  return `app-session:${acsTransID}`;
}
