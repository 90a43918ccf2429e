import { randomInt } from 'node:crypto';
import {
  type CavvAuthenticationMethod,
  type CavvKind,
  type CvkPair,
  cvkPairFromDoubleLengthKey,
  generateCavv,
} from './cavv.ts';
import type { KeyRing, LoadedCvk } from './keyring.ts';

/**
 * Which CVK issues and which verify, from the ceremony table's states (docs/cavv.md "Keys"). Each node reloads
 * the active and retiring CVKs every CVK_REFRESH_MS; an activation takes effect CVK_SWITCH_DELAY_MS after it is
 * recorded, the same instant on every node, so no node issues under a key that is no longer the active one.
 */
export const CVK_REFRESH_MS = 2_000;
export const CVK_SWITCH_DELAY_MS = 10_000;

/**
 * The key that issues at `at`: the key an activation replaced, until the instant the activation takes effect
 * (its retiringAt), then the active one.
 */
export function issuingCvk(cvks: readonly LoadedCvk[], at: Date): LoadedCvk | undefined {
  const t = at.getTime();
  const previous = cvks.find((c) => c.state === 'retiring' && c.retiringAt !== null && c.retiringAt.getTime() > t);
  return previous ?? cvks.find((c) => c.state === 'active');
}

/**
 * The key that verifies CAVVs with this key indicator at `at`: the active key of that slot (even before its
 * activation takes effect: it is registered with Visa by then), or a retiring key still in its grace period.
 */
export function verifyingCvk(cvks: readonly LoadedCvk[], keyIndicator: number, at: Date): LoadedCvk | undefined {
  const t = at.getTime();
  return cvks.find(
    (c) =>
      c.keyIndicator === keyIndicator &&
      (c.state === 'active' || (c.state === 'retiring' && c.graceEndsAt !== null && c.graceEndsAt.getTime() > t)),
  );
}

/** One pair object per loaded CVK, so the cipher keys made from it are made once (cavv.ts). */
const pairs = new WeakMap<LoadedCvk, CvkPair>();

function pairOf(cvk: LoadedCvk): CvkPair {
  const known = pairs.get(cvk);
  if (known) return known;
  const pair = cvkPairFromDoubleLengthKey(cvk.keyIndicator, cvk.key);
  pairs.set(cvk, pair);
  return pair;
}

/** The `verifyCavv` resolver over the key ring's CVKs. */
export function cvkFor(keys: KeyRing, keyIndicator: number, at: Date = new Date()): CvkPair | undefined {
  const found = verifyingCvk(keys.cvks(), keyIndicator, at);
  return found ? pairOf(found) : undefined;
}

/** A 16-digit authentication tracking number from the CSPRNG. */
function newAtn(): string {
  return `${randomInt(0, 1e8).toString().padStart(8, '0')}${randomInt(0, 1e8).toString().padStart(8, '0')}`;
}

export function issueCavv(
  keys: KeyRing,
  pan: string,
  kind: CavvKind,
  at: Date = new Date(),
  /** How an authenticated cardholder was verified: the SMS challenge, or none (a frictionless Y, SFAC 99). */
  method: CavvAuthenticationMethod = 'sms_otp',
): { cavv: string; eci: '05' | '06' } {
  const found = issuingCvk(keys.cvks(), at);
  if (!found) throw new Error('no active CVK loaded');
  const cvk = pairOf(found);
  const atn = newAtn();
  return kind === 'authenticated'
    ? generateCavv({ pan, atn, cvk, kind, method })
    : generateCavv({ pan, atn, cvk, kind });
}
