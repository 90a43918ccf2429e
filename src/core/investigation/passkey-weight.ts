import type { EvidenceFact } from './judgement.ts';
import { isoInstant, transactionRef } from './judgement.ts';
import type { CaseFacts, ClauseId } from './liability-clauses.ts';

/**
 * A purchase approved by the member's passkey (user verification on the member's device, and a signature our
 * origin alone can obtain, so no fake shop page can relay it: docs/passkeys.md) is strong evidence wherever a
 * clause asks whose doing the purchase was: use by the member or a related person (art. 5-3-2) and the member's
 * own use judged on objective facts (art. 5-3-9). It is shown among those clauses' reasons; the investigator
 * still answers them (a shared device or a coerced unlock stay possible), so it never decides a clause alone.
 */
export const WEIGHED_BY_PASSKEY: ReadonlySet<ClauseId> = new Set<ClauseId>(['5-3-2', '5-3-9']);

export function passkeyFacts(clause: ClauseId, facts: CaseFacts): EvidenceFact[] {
  if (!WEIGHED_BY_PASSKEY.has(clause)) return [];
  return facts.transactions.flatMap((t) =>
    t.passkeyApproval
      ? [
          {
            name: 'passkey_approval' as const,
            transaction: transactionRef(t),
            passkeyName: t.passkeyApproval.name,
            registeredAt: isoInstant(t.passkeyApproval.registeredAt),
            approvedAt: isoInstant(t.passkeyApproval.approvedAt),
          },
        ]
      : [],
  );
}
