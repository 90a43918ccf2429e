import type { KeyRing } from '../../infra/crypto/keyring.ts';
import { TRUSTED_NAME_CONTEXT } from '../../infra/crypto/seal-contexts.ts';
import { type Executor, withTransaction } from '../../storage/database.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';
import {
  deleteTrustedMerchant,
  type TrustedMerchantRecord,
  trustedMerchantOf,
  trustedMerchantsOf,
} from '../../storage/repositories/trusted-merchants.ts';
import type { PortalDeps, RequestMeta } from '../portal/service/deps.ts';
import { memberActor } from '../portal/service/policy.ts';

/** A trusted merchant as the member (portal) and the operator (console, read-only) see it: the name opened. */
export interface TrustedMerchant {
  id: string;
  name: string;
  addedAt: Date;
  addedFrom: 'challenge' | 'portal';
}

function opened(keys: KeyRing, row: TrustedMerchantRecord): TrustedMerchant {
  return {
    id: row.id,
    name: keys.decrypt(row.merchant_name_enc, TRUSTED_NAME_CONTEXT),
    addedAt: new Date(row.added_at),
    addedFrom: row.added_from,
  };
}

/** The member's trusted merchants, newest first (docs/risk.md "Trusted merchants"). */
export async function listTrustedMerchants(
  deps: { db: Executor; keys: KeyRing },
  enetId: string,
): Promise<TrustedMerchant[]> {
  return (await trustedMerchantsOf(deps.db, enetId)).map((row) => opened(deps.keys, row));
}

/** One of the member's trusted merchants (the confirm page); undefined for an unknown or another member's id. */
export async function findTrustedMerchant(
  deps: { db: Executor; keys: KeyRing },
  enetId: string,
  id: string,
): Promise<TrustedMerchant | undefined> {
  const row = await trustedMerchantOf(deps.db, enetId, id);
  return row ? opened(deps.keys, row) : undefined;
}

/**
 * The member takes a merchant off the list: deleted and audited in one transaction. False when the id is unknown
 * or another member's (nothing written). The audit keeps the id, not the merchant's name.
 */
export async function removeTrustedMerchant(
  deps: PortalDeps,
  input: { enetId: string; id: string },
  meta: RequestMeta,
): Promise<boolean> {
  const at = deps.clock.now();
  return withTransaction(deps.db, async (trx) => {
    const removed = await deleteTrustedMerchant(trx, input.enetId, input.id);
    if (!removed) return false;
    await appendAudit(trx, {
      actor: memberActor(input.enetId),
      action: 'portal.trusted_merchant.removed',
      subjectType: 'member',
      subjectId: input.enetId,
      before: { trustedMerchantId: removed.id, addedFrom: removed.added_from },
      requestId: meta.requestId ?? null,
      at,
    });
    return true;
  });
}
