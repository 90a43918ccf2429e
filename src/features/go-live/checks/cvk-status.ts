import { createCipheriv } from 'node:crypto';
import { cavvKeyIndicatorForVersion } from '../../../infra/crypto/cavv.ts';
import type { KeyRing } from '../../../infra/crypto/keyring.ts';

/**
 * The CAVV key (CVK) the ACS signs with, as the go-live checklist needs it. Today the CVK lives in the key
 * ring (src/infra/crypto/cavv-keys.ts), which knows nothing about Visa registration; a CVK store with a
 * ceremony (loaded → registered → active) answers the same shape.
 */
export interface CvkStatus {
  active?:
    | {
        /** Visa's CAVV key indicator slot, 01 or 02 (docs/cavv.md). */
        keyIndicator: number;
        /** Key check value: the first 3 bytes of the key encrypting a zero block, hex. */
        kcv: string;
        /** When Visa confirmed the key's registration; undefined = not known to be registered. */
        registeredAt?: Date | undefined;
        registrationRef?: string | undefined;
      }
    | undefined;
}

/** Today's source: the key ring's current CVK version; registration is not recorded anywhere yet. */
export async function keyRingCvkStatus(deps: { keys: KeyRing }): Promise<CvkStatus> {
  const version = deps.keys.currentVersion('cvk');
  const key = version >= 1 ? deps.keys.secret('cvk', version) : undefined;
  if (key?.length !== 16) return {};
  return { active: { keyIndicator: cavvKeyIndicatorForVersion(version), kcv: checkValue(key) } };
}

/** KCV of a double-length DES key (CVK A||B): 2-key triple DES of eight zero bytes, first three bytes. */
function checkValue(key: Buffer): string {
  const cipher = createCipheriv('des-ede-ecb', key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.alloc(8)), cipher.final()])
    .subarray(0, 3)
    .toString('hex')
    .toUpperCase();
}
