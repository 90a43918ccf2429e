import type { Executor } from '../database.ts';
import type { PasskeyCeremonyRow, PasskeyRow } from '../schema.ts';

/** Passkeys and their ceremonies (migration 0019, docs/passkeys.md); the caller owns the transaction. */

export interface NewPasskey {
  id: string;
  enetId: string;
  credentialMac: string;
  credentialEnc: string;
  publicKey: string;
  counter: number;
  transports: string;
  name: string;
  at: Date;
}

export async function insertPasskey(db: Executor, p: NewPasskey): Promise<void> {
  await db
    .insertInto('passkeys')
    .values({
      id: p.id,
      enet_id: p.enetId,
      credential_mac: p.credentialMac,
      credential_enc: p.credentialEnc,
      public_key: p.publicKey,
      counter: p.counter,
      transports: p.transports,
      name: p.name,
      created_at: p.at,
    })
    .execute();
}

/** Every passkey of the member, newest first, enabled or not (the portal list and the case evidence). */
export function passkeysOf(db: Executor, enetId: string): Promise<PasskeyRow[]> {
  return db
    .selectFrom('passkeys')
    .selectAll()
    .where('enet_id', '=', enetId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export function enabledPasskeysOf(db: Executor, enetId: string): Promise<PasskeyRow[]> {
  return db
    .selectFrom('passkeys')
    .selectAll()
    .where('enet_id', '=', enetId)
    .where('disabled_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
}

/** An enabled passkey of this member by its credential id's MAC: another member's credential finds nothing. */
export function enabledPasskeyByMac(db: Executor, enetId: string, credentialMac: string) {
  return db
    .selectFrom('passkeys')
    .selectAll()
    .where('credential_mac', '=', credentialMac)
    .where('enet_id', '=', enetId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
}

/** Whether any member (enabled or not) already registered this credential. */
export async function passkeyMacTaken(db: Executor, credentialMac: string): Promise<boolean> {
  const row = await db
    .selectFrom('passkeys')
    .select('id')
    .where('credential_mac', '=', credentialMac)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Records a use in one conditional statement: only while enabled and only if the counter has not moved since it
 * was read (two concurrent assertions with the same counter cannot both pass).
 */
export async function recordPasskeyUse(
  db: Executor,
  use: { id: string; previousCounter: number; newCounter: number; at: Date },
): Promise<boolean> {
  const row = await db
    .updateTable('passkeys')
    .set({ counter: use.newCounter, last_used_at: use.at })
    .where('id', '=', use.id)
    .where('counter', '=', use.previousCounter)
    .where('disabled_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Disables one passkey of the member (removed by the member); false when there was none enabled. */
export async function disablePasskey(
  db: Executor,
  input: { enetId: string; id: string; reason: string; at: Date },
): Promise<PasskeyRow | undefined> {
  return db
    .updateTable('passkeys')
    .set({ disabled_at: input.at, disabled_reason: input.reason })
    .where('id', '=', input.id)
    .where('enet_id', '=', input.enetId)
    .where('disabled_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Disables every enabled passkey of the member (lost/stolen lock, unregistration); returns how many. */
export async function disableMemberPasskeys(db: Executor, enetId: string, reason: string, at: Date): Promise<number> {
  const rows = await db
    .updateTable('passkeys')
    .set({ disabled_at: at, disabled_reason: reason })
    .where('enet_id', '=', enetId)
    .where('disabled_at', 'is', null)
    .returning('id')
    .execute();
  return rows.length;
}

export interface NewCeremony {
  id: string;
  kind: 'registration' | 'authentication';
  enetId: string;
  sessionMac?: string;
  acsTransID?: string;
  challenge: string;
  at: Date;
  expiresAt: Date;
}

/** Opens a ceremony; a registration ceremony replaces the member's open ones, an authentication one the challenge's. */
export async function openCeremony(db: Executor, c: NewCeremony): Promise<void> {
  let open = db
    .updateTable('passkey_ceremonies')
    .set({ used_at: c.at })
    .where('kind', '=', c.kind)
    .where('used_at', 'is', null);
  open =
    c.kind === 'registration'
      ? open.where('enet_id', '=', c.enetId)
      : open.where('acs_trans_id', '=', c.acsTransID ?? '');
  await open.execute();
  await db
    .insertInto('passkey_ceremonies')
    .values({
      id: c.id,
      kind: c.kind,
      enet_id: c.enetId,
      session_mac: c.sessionMac ?? null,
      acs_trans_id: c.acsTransID ?? null,
      challenge: c.challenge,
      created_at: c.at,
      expires_at: c.expiresAt,
    })
    .execute();
}

/** The member's open registration ceremony started in this session. */
export function openRegistration(
  db: Executor,
  enetId: string,
  sessionMac: string,
  at: Date,
): Promise<PasskeyCeremonyRow | undefined> {
  return db
    .selectFrom('passkey_ceremonies')
    .selectAll()
    .where('kind', '=', 'registration')
    .where('enet_id', '=', enetId)
    .where('session_mac', '=', sessionMac)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A ceremony by its id (for an authentication ceremony, the window's handle). */
export function ceremonyById(db: Executor, id: string): Promise<PasskeyCeremonyRow | undefined> {
  return db.selectFrom('passkey_ceremonies').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The open authentication ceremony of a challenge. */
export function openAuthentication(
  db: Executor,
  acsTransID: string,
  at: Date,
): Promise<PasskeyCeremonyRow | undefined> {
  return db
    .selectFrom('passkey_ceremonies')
    .selectAll()
    .where('kind', '=', 'authentication')
    .where('acs_trans_id', '=', acsTransID)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Records the code confirmed at `at`, or (null) forgets it when a new code is sent for the ceremony. */
export async function markCodeConfirmed(
  db: Executor,
  ceremonyId: string,
  at: Date | null,
  payment = false,
): Promise<void> {
  await db
    .updateTable('passkey_ceremonies')
    .set({ code_confirmed_at: at, payment })
    .where('id', '=', ceremonyId)
    .execute();
}

/** Counts a wrong code or a refused response; at `max` the ceremony ends. */
export async function recordCeremonyFailure(db: Executor, ceremonyId: string, max: number, at: Date): Promise<number> {
  const row = await db
    .updateTable('passkey_ceremonies')
    .set((eb) => ({ failures: eb('failures', '+', 1) }))
    .where('id', '=', ceremonyId)
    .returning('failures')
    .executeTakeFirstOrThrow();
  if (row.failures >= max)
    await db.updateTable('passkey_ceremonies').set({ used_at: at }).where('id', '=', ceremonyId).execute();
  return row.failures;
}

/** Spends the ceremony's challenge in one conditional statement: a second use, or an expired one, finds nothing. */
export async function spendCeremony(
  db: Executor,
  input: { id: string; at: Date; passkeyId: string | null },
): Promise<boolean> {
  const row = await db
    .updateTable('passkey_ceremonies')
    .set({ used_at: input.at, passkey_id: input.passkeyId })
    .where('id', '=', input.id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', input.at)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The passkeys that approved some of these purchases (terms art. 5-3 liability proposal), by acsTransID. */
export async function passkeyApprovals(db: Executor, acsTransIDs: readonly string[]) {
  if (acsTransIDs.length === 0) return [];
  return db
    .selectFrom('passkey_ceremonies as c')
    .innerJoin('passkeys as p', 'p.id', 'c.passkey_id')
    .select(['c.acs_trans_id', 'p.name', 'p.created_at', 'c.used_at as approved_at'])
    .where('c.kind', '=', 'authentication')
    .where('c.acs_trans_id', 'in', acsTransIDs)
    .where('c.passkey_id', 'is not', null)
    .execute();
}

/** The passkey that approved a challenge, if one did (the frame waiting on the window, and case evidence). */
export function approvingPasskey(db: Executor, acsTransID: string) {
  return db
    .selectFrom('passkey_ceremonies as c')
    .innerJoin('passkeys as p', 'p.id', 'c.passkey_id')
    .select(['p.id', 'p.name', 'p.created_at', 'p.last_used_at', 'p.disabled_at', 'c.used_at as approved_at'])
    .where('c.kind', '=', 'authentication')
    .where('c.acs_trans_id', '=', acsTransID)
    .where('c.passkey_id', 'is not', null)
    .executeTakeFirst();
}

/**
 * Ceremonies that ended (spent, superseded or refused) or expired before `before` (src/infra/jobs/retention.ts).
 * An authentication ceremony that approved a purchase is kept: it is the evidence of which passkey approved it
 * (terms art. 5-3, approvingPasskey), like the transaction's own records.
 */
export async function deleteEndedCeremonies(db: Executor, before: Date): Promise<number> {
  const r = await db
    .deleteFrom('passkey_ceremonies')
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('used_at', '<', before)]))
    .where((eb) => eb.or([eb('kind', '=', 'registration'), eb('passkey_id', 'is', null)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
