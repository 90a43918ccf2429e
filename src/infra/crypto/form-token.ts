import { createHmac, randomBytes } from 'node:crypto';
import type { KeyRing } from './keyring.ts';
import { macsEqual } from './otp.ts';

/**
 * The challenge page's state token (no cookies: the page lives in a cross-site iframe). It names the
 * transaction and a nonce the server stores; each action swaps the nonce, so a token works once.
 */
export function newFormNonce(): string {
  return randomBytes(16).toString('base64url');
}

export function signFormToken(keys: KeyRing, acsTransID: string, nonce: string): string {
  return `${acsTransID}.${nonce}.${tokenMac(keys, acsTransID, nonce)}`;
}

export function readFormToken(keys: KeyRing, token: string): { acsTransID: string; nonce: string } | undefined {
  const [acsTransID, nonce, mac] = token.split('.');
  if (!acsTransID || !nonce || !mac || !/^[0-9a-f-]{36}$/.test(acsTransID)) return undefined;
  return macsEqual(mac, tokenMac(keys, acsTransID, nonce)) ? { acsTransID, nonce } : undefined;
}

function tokenMac(keys: KeyRing, acsTransID: string, nonce: string): string {
  const key = keys.secret('form');
  if (!key) throw new Error('form key missing');
  return createHmac('sha256', key).update(`${acsTransID}.${nonce}`).digest('base64url');
}
