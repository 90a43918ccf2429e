import { randomBytes } from 'node:crypto';
import { queueEmail } from '../../../infra/channels/email/job.ts';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../../infra/crypto/password.ts';
import { newId } from '../../../infra/ids.ts';
import { countHit } from '../../../infra/rate-limit.ts';
import { type Trx, withTransaction } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import { savePasswordHash } from '../../../storage/repositories/portal-credentials.ts';
import { insertLink, spendLink, supersedeLinks, usableLinkExists } from '../../../storage/repositories/portal-links.ts';
import { lockedMemberContact, memberForPasswordLink } from '../../../storage/repositories/portal-reads.ts';
import type { PortalDeps, RequestMeta } from './deps.ts';
import { passwordLinkEmail, passwordSetEmail } from './emails.ts';
import {
  ENET_ID,
  LINK_REQUESTS_PER_ID_PER_HOUR,
  LINK_REQUESTS_PER_IP_PER_HOUR,
  LINK_TTL_MS,
  memberActor,
} from './policy.ts';

const HOUR = 3600_000;
const tokenMac = (deps: Pick<PortalDeps, 'keys'>, token: string) => deps.keys.mac('token', `portal-link:${token}`);

/**
 * First-time setup and password reset: emails a single-use link (30 minutes) to the address the issuer holds.
 * The caller shows the same answer whatever happened (unknown ID, rate limit, sent), so it reveals no ID.
 */
export async function requestPasswordLink(deps: PortalDeps, enetIdInput: string, meta: RequestMeta): Promise<void> {
  const at = deps.clock.now();
  const enetId = enetIdInput.trim();
  if (!ENET_ID.test(enetId)) return;
  if ((await countHit(deps.db, deps.keys, `portal-link-ip:${meta.ip}`, at, HOUR)) > LINK_REQUESTS_PER_IP_PER_HOUR)
    return;
  if ((await countHit(deps.db, deps.keys, `portal-link-id:${enetId}`, at, HOUR)) > LINK_REQUESTS_PER_ID_PER_HOUR)
    return;
  const member = await memberForPasswordLink(deps.db, enetId);
  if (!member) return;
  const purpose = member.hasPassword ? 'reset' : 'setup';
  const token = randomBytes(32).toString('base64url');
  await withTransaction(deps.db, async (trx) => {
    // A new link supersedes the older ones: only the newest email works.
    await supersedeLinks(trx, enetId, at);
    const id = newId('pl', at.getTime());
    const expiresAt = new Date(at.getTime() + LINK_TTL_MS);
    await insertLink(trx, { id, tokenMac: tokenMac(deps, token), enetId, purpose, at, expiresAt });
    const url = `${deps.config.PUBLIC_URL}/enet/password/set?token=${token}`;
    await queueEmail(trx, { to: member.email, ...passwordLinkEmail(deps.config, member.name, purpose, url), at });
    await appendAudit(trx, {
      actor: 'anonymous',
      action: `portal.password_link.${purpose}`,
      subjectType: 'member',
      subjectId: enetId,
      after: { linkId: id, expiresAt: expiresAt.toISOString() },
      requestId: meta.requestId ?? null,
      at,
    });
  });
  deps.kick();
}

/** Whether a link is still usable (for showing the form); the POST re-checks atomically. */
export async function linkIsUsable(deps: Pick<PortalDeps, 'db' | 'keys' | 'clock'>, token: string): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return false;
  return usableLinkExists(deps.db, tokenMac(deps, token), deps.clock.now());
}

export type PasswordProblem = 'too_short' | 'too_long' | 'mismatch' | 'same_as_id';

function passwordProblem(enetId: string | undefined, password: string, confirm: string): PasswordProblem | undefined {
  if (password !== confirm) return 'mismatch';
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (password.length > MAX_PASSWORD_LENGTH) return 'too_long';
  if (enetId !== undefined && password.toLowerCase().includes(enetId.toLowerCase())) return 'same_as_id';
  return undefined;
}

export type SetPasswordResult = { ok: true; enetId: string } | { ok: false; reason: 'invalid_link' | PasswordProblem };

/**
 * Spends the link (one conditional update: a second use finds nothing), stores the new hash, and signs the
 * member out everywhere — whoever held the old password loses their sessions.
 */
export async function setPasswordWithLink(
  deps: PortalDeps,
  input: { token: string; password: string; confirm: string },
  meta: RequestMeta,
): Promise<SetPasswordResult> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(input.token)) return { ok: false, reason: 'invalid_link' };
  const early = passwordProblem(undefined, input.password, input.confirm);
  if (early) return { ok: false, reason: early };
  const hash = await hashPassword(input.password);
  try {
    const result = await withTransaction(deps.db, (trx) => applyLink(deps, trx, input, hash, meta));
    deps.kick();
    return result;
  } catch (err) {
    if (err instanceof PasswordRefused) return { ok: false, reason: err.problem };
    throw err;
  }
}

/** Thrown inside the transaction so the link's use rolls back when the password contains the ID. */
class PasswordRefused extends Error {
  constructor(readonly problem: PasswordProblem) {
    super(problem);
  }
}

async function applyLink(
  deps: PortalDeps,
  trx: Trx,
  input: { token: string; password: string; confirm: string },
  hash: string,
  meta: RequestMeta,
): Promise<SetPasswordResult> {
  const at = deps.clock.now();
  const link = await spendLink(trx, tokenMac(deps, input.token), at);
  if (!link) return { ok: false, reason: 'invalid_link' };
  const problem = passwordProblem(link.enet_id, input.password, input.confirm);
  if (problem) throw new PasswordRefused(problem);
  const member = await lockedMemberContact(trx, link.enet_id);
  await savePasswordHash(trx, link.enet_id, hash, at);
  const ended = await deps.sessions.revokeAll(trx, link.enet_id, 'password_set', at);
  await queueEmail(trx, { to: member.email, ...passwordSetEmail(deps.config, member.name, at), at });
  await appendAudit(trx, {
    actor: memberActor(link.enet_id),
    action: `portal.password.${link.purpose}`,
    subjectType: 'member',
    subjectId: link.enet_id,
    after: { linkId: link.id, sessionsEnded: ended },
    requestId: meta.requestId ?? null,
    at,
  });
  return { ok: true, enetId: link.enet_id };
}
