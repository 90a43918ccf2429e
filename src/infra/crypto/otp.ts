import { randomInt, timingSafeEqual } from 'node:crypto';
import { formatCode } from '../../core/otp-policy.ts';
import type { KeyRing } from './keyring.ts';

export type OtpPurpose = 'purchase' | 'phone_registration' | 'passkey_registration';

/** A fresh 6-digit code from the CSPRNG. */
export function generateOtp(): string {
  return formatCode(randomInt(0, 1_000_000));
}

/**
 * The stored form of a code: a MAC bound to its purpose and subject (acsTransID, or a registration attempt),
 * so a code from one transaction or purpose never matches another.
 */
export function otpMac(keys: KeyRing, purpose: OtpPurpose, subject: string, code: string): string {
  return keys.mac('otp', `${purpose}\u0000${subject}\u0000${code}`);
}

export function macsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
