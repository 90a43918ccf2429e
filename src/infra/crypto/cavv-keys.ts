import { randomInt } from 'node:crypto';
import {
  type CavvKind,
  type CvkPair,
  cavvKeyIndicatorForVersion,
  cvkPairFromDoubleLengthKey,
  generateCavv,
} from './cavv.ts';
import type { KeyRing } from './keyring.ts';

/**
 * CAVV keys from the key ring: CVK versions alternate between Visa's two key indicators (01/02), so the
 * newest version of each parity is the one registered in that slot (docs/cavv.md).
 */
export function cvkFor(keys: KeyRing, keyIndicator: number): CvkPair | undefined {
  for (let v = keys.currentVersion('cvk'); v >= 1; v--) {
    if (cavvKeyIndicatorForVersion(v) !== keyIndicator) continue;
    const key = keys.secret('cvk', v);
    return key ? cvkPairFromDoubleLengthKey(keyIndicator as 1 | 2, key) : undefined;
  }
  return undefined;
}

/** A 16-digit authentication tracking number from the CSPRNG. */
function newAtn(): string {
  return `${randomInt(0, 1e8).toString().padStart(8, '0')}${randomInt(0, 1e8).toString().padStart(8, '0')}`;
}

export function issueCavv(keys: KeyRing, pan: string, kind: CavvKind): { cavv: string; eci: '05' | '06' } {
  const version = keys.currentVersion('cvk');
  const key = keys.secret('cvk', version);
  if (!key) throw new Error('no CVK loaded');
  const cvk = cvkPairFromDoubleLengthKey(cavvKeyIndicatorForVersion(version), key);
  const atn = newAtn();
  return kind === 'authenticated'
    ? generateCavv({ pan, atn, cvk, kind, method: 'sms_otp' })
    : generateCavv({ pan, atn, cvk, kind });
}
