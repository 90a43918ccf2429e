import { generate, generateSecret, generateURI, verify } from 'otplib';
import type { KeyRing } from './keyring.ts';

/**
 * Operator second factor: TOTP (RFC 6238, SHA-1, 6 digits, 30 s steps: what every authenticator app does).
 * Secrets are stored only encrypted under the data key with the AAD context 'totp'.
 */
const PERIOD = 30;
export const TOTP_CONTEXT = 'totp';

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function encryptTotpSecret(keys: KeyRing, secret: string): string {
  return keys.encrypt(secret, TOTP_CONTEXT);
}

export function decryptTotpSecret(keys: KeyRing, stored: string): string {
  return keys.decrypt(stored, TOTP_CONTEXT);
}

export function totpUri(secret: string, issuer: string, username: string): string {
  return generateURI({ issuer, label: username, secret });
}

export async function totpCode(secret: string, at: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

/**
 * Checks a code, accepting one step of clock drift either way. Returns the matched time step, or undefined.
 * A step at or before `lastStep` is refused: a code is good once (RFC 6238 §5.2).
 */
export async function checkTotp(
  secret: string,
  code: string,
  at: Date,
  lastStep: number | null,
): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(at.getTime() / 1000),
    epochTolerance: PERIOD,
    ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
  });
  return result.valid && 'timeStep' in result ? Number(result.timeStep) : undefined;
}
