import type { Executor } from '../database.ts';
import type { PasskeyRow } from '../schema.ts';

/** Marks a passkey as created with the WebAuthn `payment` extension (migration 0024). */
export async function markSpcCredential(db: Executor, passkeyId: string, at: Date): Promise<void> {
  await db
    .insertInto('spc_credentials')
    .values({ passkey_id: passkeyId, registered_at: at })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The ids of the member's passkeys (enabled or not) that are payment credentials: the portal list marks them. */
export async function paymentPasskeyIds(db: Executor, enetId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('spc_credentials as s')
    .innerJoin('passkeys as p', 'p.id', 's.passkey_id')
    .select('s.passkey_id')
    .where('p.enet_id', '=', enetId)
    .execute();
  return new Set(rows.map((r) => r.passkey_id));
}

function enabledSpcPasskeys(db: Executor, enetId: string) {
  return db
    .selectFrom('passkeys as p')
    .innerJoin('spc_credentials as s', 's.passkey_id', 'p.id')
    .selectAll('p')
    .where('p.enet_id', '=', enetId)
    .where('p.disabled_at', 'is', null);
}

/** The member's enabled passkeys that are payment credentials, newest first (an ARes S lists these). */
export function enabledSpcPasskeysOf(db: Executor, enetId: string): Promise<PasskeyRow[]> {
  return enabledSpcPasskeys(db, enetId).orderBy('p.created_at', 'desc').execute();
}

/** One of them by the credential id's MAC: another member's, a removed or a non-payment passkey finds nothing. */
export function enabledSpcPasskeyByMac(db: Executor, enetId: string, credentialMac: string) {
  return enabledSpcPasskeys(db, enetId).where('p.credential_mac', '=', credentialMac).executeTakeFirst();
}

/**
 * Secure Payment Confirmation challenges (EMV 3DS 2.3.1, docs/passkeys.md "Secure Payment Confirmation"): an
 * authentication ceremony of migration 0019 whose id starts `spc_`, opened for the AReq answered S and keyed by
 * that transaction's acsTransID (the threeDSReqPriorRef of the AReq that brings the assertion back). The
 * ceremony table's `used_at` makes it single use; the caller owns the transaction.
 */
export async function openSpcChallenge(
  db: Executor,
  c: { id: string; enetId: string; acsTransID: string; challenge: string; at: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('passkey_ceremonies')
    .values({
      id: c.id,
      kind: 'authentication',
      enet_id: c.enetId,
      acs_trans_id: c.acsTransID,
      challenge: c.challenge,
      created_at: c.at,
      expires_at: c.expiresAt,
    })
    .execute();
}

/**
 * Takes the SPC challenge of the S transaction `priorAcsTransID` for this member in one conditional statement:
 * it is spent whatever the assertion turns out to be, so a replayed or second result finds nothing.
 */
export async function takeSpcChallenge(
  db: Executor,
  input: { priorAcsTransID: string; enetId: string; at: Date },
): Promise<{ id: string; challenge: string } | undefined> {
  return db
    .updateTable('passkey_ceremonies')
    .set({ used_at: input.at })
    .where('acs_trans_id', '=', input.priorAcsTransID)
    .where('kind', '=', 'authentication')
    .where('id', 'like', 'spc\\_%')
    .where('enet_id', '=', input.enetId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', input.at)
    .returning(['id', 'challenge'])
    .executeTakeFirst();
}

/**
 * Records what the spent challenge approved: the passkey, and the transaction answered Y (so the case evidence
 * of that purchase, `approvingPasskey`, names the passkey as it does after a challenge).
 */
export async function recordSpcApproval(
  db: Executor,
  input: { id: string; passkeyId: string; acsTransID: string },
): Promise<boolean> {
  const row = await db
    .updateTable('passkey_ceremonies')
    .set({ passkey_id: input.passkeyId, acs_trans_id: input.acsTransID })
    .where('id', '=', input.id)
    .where('passkey_id', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
