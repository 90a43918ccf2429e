import { randomBytes } from 'node:crypto';
import { isOpenChallenge, isOverdue, RESULTS } from '../../core/transaction-state.ts';
import { withTransaction } from '../../storage/database.ts';
import { memberEnrollment } from '../../storage/repositories/authentication-reads.ts';
import {
  ceremonyById,
  enabledPasskeyByMac,
  enabledPasskeysOf,
  openAuthentication,
  openCeremony,
  recordCeremonyFailure,
  recordPasskeyUse,
  spendCeremony,
} from '../../storage/repositories/passkeys.ts';
import { findTransaction } from '../../storage/repositories/transactions.ts';
import type { PasskeyCeremonyRow, TransactionRow } from '../../storage/schema.ts';
import type { ChallengeContext } from '../authentication/challenge/context.ts';
import type { ChallengeDeps } from '../authentication/challenge/deps.ts';
import { endChallenge } from '../authentication/challenge/end.ts';
import { splitTransports } from './registration.ts';
import { passkeyTermsGate } from './terms-gate.ts';
import {
  authenticationOptions,
  CEREMONY_TIMEOUT_MS,
  newChallenge,
  parseAuthenticationResponse,
  relyingPartyOf,
  verifyAssertion,
} from './webauthn.ts';

/** Wrong or refused assertions a window may post before its ceremony ends (SMS stays available). */
const MAX_REFUSED_ASSERTIONS = 5;

/** Whether the challenge may be approved by the member's passkey: enrolled, terms allow it, one is enabled. */
type MemberFacts = Pick<ChallengeContext, 'hasPasskey' | 'enrollment'>;

async function passkeysUsable(deps: ChallengeDeps, txn: TransactionRow, ctx: MemberFacts, at: Date) {
  if (!txn.enet_id || txn.device_channel !== '02' || !ctx.hasPasskey || ctx.enrollment !== 'enrolled') return false;
  return (await passkeyTermsGate(deps.db, txn.enet_id, at)).ok;
}

/** The challenge opens with the passkey offer and sends no SMS until the member asks for it (start.ts). */
export function passkeyComesFirst(deps: ChallengeDeps, txn: TransactionRow, ctx: MemberFacts, at: Date) {
  return passkeysUsable(deps, txn, ctx, at);
}

/** What the offer reads from the challenge context, read afresh when the window approves. */
async function memberFacts(deps: ChallengeDeps, enetId: string | null): Promise<MemberFacts> {
  if (!enetId) return { hasPasskey: false, enrollment: undefined };
  const [member, passkeys] = await Promise.all([memberEnrollment(deps.db, enetId), enabledPasskeysOf(deps.db, enetId)]);
  return { hasPasskey: passkeys.length > 0, enrollment: member.enrollment };
}

/**
 * The passkey offer on a challenge page: the address of the top-level window that performs the ceremony, with
 * an unguessable handle (the authentication ceremony's id) bound to this challenge. The open ceremony is reused
 * on a redisplay (a language switch must not break a window already open). Undefined when not offered.
 */
export async function passkeyOffer(
  deps: ChallengeDeps,
  txn: TransactionRow,
  ctx: ChallengeContext,
): Promise<string | undefined> {
  const at = deps.clock.now();
  if (!isOpenChallenge(txn.state) || !(await passkeysUsable(deps, txn, ctx, at))) return undefined;
  const open = await openAuthentication(deps.db, txn.acs_trans_id, at);
  if (open) return `/3ds/passkey/${open.id}`;
  const id = `pka_${randomBytes(24).toString('base64url')}`;
  await openCeremony(deps.db, {
    id,
    kind: 'authentication',
    enetId: txn.enet_id ?? '',
    acsTransID: txn.acs_trans_id,
    challenge: newChallenge(),
    at,
    expiresAt: new Date(Math.min(at.getTime() + CEREMONY_TIMEOUT_MS, deadlineOf(txn, at))),
  });
  return `/3ds/passkey/${id}`;
}

function deadlineOf(txn: TransactionRow, at: Date): number {
  return txn.deadline_at ? new Date(txn.deadline_at).getTime() : at.getTime() + CEREMONY_TIMEOUT_MS;
}

export type WindowState =
  | { kind: 'open'; ceremony: PasskeyCeremonyRow; txn: TransactionRow }
  | { kind: 'approved' }
  | { kind: 'ended' };

/** What the window (and the frame's poll) finds behind a handle. */
export async function windowState(deps: ChallengeDeps, handle: string): Promise<WindowState> {
  const at = deps.clock.now();
  const ceremony = /^pka_[A-Za-z0-9_-]{32}$/.test(handle) ? await ceremonyById(deps.db, handle) : undefined;
  if (ceremony?.kind !== 'authentication' || !ceremony.acs_trans_id) return { kind: 'ended' };
  if (ceremony.passkey_id) return { kind: 'approved' };
  const txn = await findTransaction(deps.db, ceremony.acs_trans_id);
  const live = ceremony.used_at === null && new Date(ceremony.expires_at).getTime() > at.getTime();
  if (!txn || !live || !isOpenChallenge(txn.state) || isOverdue(txn.deadline_at, at)) return { kind: 'ended' };
  return { kind: 'open', ceremony, txn };
}

/** The options for navigator.credentials.get: this member's enabled passkeys only. */
export async function requestOptions(deps: ChallengeDeps, ceremony: PasskeyCeremonyRow) {
  const passkeys = await enabledPasskeysOf(deps.db, ceremony.enet_id);
  return authenticationOptions(relyingPartyOf(deps.config), {
    challenge: ceremony.challenge,
    allow: passkeys.map((p) => ({
      id: deps.keys.decrypt(p.credential_enc, 'passkey'),
      transports: splitTransports(p.transports),
    })),
  });
}

export type ApprovalResult =
  | { ok: true }
  | { ok: false; reason: 'ended' | 'not_allowed' | 'unknown_passkey' | 'invalid' };

/**
 * The window's assertion. Checked in order: the ceremony and the challenge are still open; the member may still
 * use passkeys (a lost/stolen lock or removal since the page was drawn refuses); the credential is one of THIS
 * member's enabled passkeys (looked up by MAC, so another member's passkey finds nothing); the library verifies
 * challenge, origin, RP id, user verification, signature and counter. Then in one transaction: the ceremony is
 * spent, the counter moves (only from the value verified against), the challenge ends Y with a CAVV and its
 * RReq is queued once (endChallenge), and the RReq is delivered before the window says so.
 */
export async function approveWithPasskey(
  deps: ChallengeDeps,
  handle: string,
  credentialText: string | undefined,
): Promise<ApprovalResult> {
  const state = await windowState(deps, handle);
  if (state.kind !== 'open') return { ok: false, reason: 'ended' };
  const { ceremony, txn } = state;
  const at = deps.clock.now();
  const refuse = async (reason: 'unknown_passkey' | 'invalid'): Promise<ApprovalResult> => {
    await recordCeremonyFailure(deps.db, ceremony.id, MAX_REFUSED_ASSERTIONS, at);
    return { ok: false, reason };
  };
  if (!(await passkeysUsable(deps, txn, await memberFacts(deps, txn.enet_id), at)))
    return { ok: false, reason: 'not_allowed' };
  const response = parseAuthenticationResponse(credentialText);
  if (!response) return refuse('invalid');
  const passkey = await enabledPasskeyByMac(deps.db, ceremony.enet_id, deps.keys.mac('passkey', response.id));
  if (!passkey) return refuse('unknown_passkey');
  const counter = Number(passkey.counter);
  const verified = await verifyAssertion(relyingPartyOf(deps.config), response, ceremony.challenge, {
    credentialId: response.id,
    publicKey: passkey.public_key,
    counter,
    transports: splitTransports(passkey.transports),
  });
  if (!verified) return refuse('invalid');
  const ended = await withTransaction(deps.db, async (trx) => {
    if (!(await spendCeremony(trx, { id: ceremony.id, at, passkeyId: passkey.id }))) return undefined;
    const used = await recordPasskeyUse(trx, {
      id: passkey.id,
      previousCounter: counter,
      newCounter: verified.newCounter,
      at,
    });
    if (!used) throw new ApprovalRace();
    const result = await endChallenge(trx, deps.keys, txn.acs_trans_id, RESULTS.authenticatedByPasskey, at, {
      deliveredByCaller: true,
    });
    if (!result) throw new ApprovalRace();
    return result;
  }).catch((err: unknown) => {
    if (err instanceof ApprovalRace) return undefined;
    throw err;
  });
  if (!ended) return { ok: false, reason: 'ended' };
  await deps.deliverNow(ended.rreqJob);
  return { ok: true };
}

/** Another request used the counter or ended the challenge first: this one's writes roll back. */
class ApprovalRace extends Error {}
