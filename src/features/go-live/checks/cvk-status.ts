import type { Executor } from '../../../storage/database.ts';
import { listCvkRows } from '../../../storage/repositories/cvks.ts';

/**
 * The CAVV key (CVK) the ACS signs with, as the go-live checklist needs it: the active key of the CVK store
 * (migration 0014, docs/operations.md "CAVV key ceremony") and whether its Visa registration was recorded.
 */
export interface CvkStatus {
  active?:
    | {
        /** Visa's CAVV key indicator slot, 01 or 02 (docs/cavv.md). */
        keyIndicator: number;
        /** Key check value: the first 3 bytes of the key encrypting a zero block, hex. */
        kcv: string;
        /** When the Visa registration was recorded; undefined = not known to be registered. */
        registeredAt?: Date | undefined;
        registrationRef?: string | undefined;
      }
    | undefined;
}

/**
 * The active CVK. A key the service generated before the ceremony existed (origin `key_ring`) has no recorded
 * registration, so the check stays red until a registered key is activated.
 */
export async function storedCvkStatus(deps: { db: Executor }): Promise<CvkStatus> {
  const active = (await listCvkRows(deps.db)).find((r) => r.state === 'active');
  if (!active) return {};
  return {
    active: {
      keyIndicator: active.key_indicator,
      kcv: active.kcv ?? '',
      registeredAt: active.registered_at ?? undefined,
      registrationRef: active.visa_reference ?? undefined,
    },
  };
}
