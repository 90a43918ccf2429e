import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from '../../../infra/crypto/password.ts';
import { countHit, releaseSlot, takeSlot } from '../../../infra/rate-limit.ts';
import type { Db } from '../../../storage/database.ts';
import { passwordHashOf, rehashPassword } from '../../../storage/repositories/portal-credentials.ts';
import { deleteCounters } from '../../../storage/repositories/rate-counters.ts';
import type { PortalDeps } from './deps.ts';
import {
  DAY_MS,
  ENET_ID,
  MAX_FAILURES_PER_ID_PER_DAY,
  MAX_FAILURES_PER_ID_PER_WINDOW,
  MAX_SIGN_INS_PER_IP_PER_WINDOW,
  SIGN_IN_WINDOW_MS,
} from './policy.ts';

/**
 * `invalid` covers an unknown ID, a member without a password yet and a wrong password alike, and `locked`
 * is decided by counters keyed on the typed ID whether or not it exists: neither answer tells an ID apart.
 */
export type SignInResult = { ok: true; enetId: string } | { ok: false; reason: 'invalid' | 'locked' | 'rate_limited' };

const failKey = (enetId: string) => `portal-signin-fail:${enetId}`;
const failDayKey = (enetId: string) => `portal-signin-fail-day:${enetId}`;

export async function checkPassword(
  deps: Pick<PortalDeps, 'db' | 'keys'>,
  input: { enetId: string; password: string; ip: string },
  at: Date,
): Promise<SignInResult> {
  const { db, keys } = deps;
  const enetId = input.enetId.trim();
  const ipHits = await countHit(db, keys, `portal-signin-ip:${input.ip}`, at, SIGN_IN_WINDOW_MS);
  if (ipHits > MAX_SIGN_INS_PER_IP_PER_WINDOW) return { ok: false, reason: 'rate_limited' };
  const validId = ENET_ID.test(enetId);
  // The attempt takes a failure slot before the password is checked (one conditional statement each), so
  // concurrent guesses can never be checked more often than the limits; a success gives its slot back.
  const inWindow = validId
    ? await takeSlot(db, keys, failKey(enetId), at, SIGN_IN_WINDOW_MS, MAX_FAILURES_PER_ID_PER_WINDOW)
    : undefined;
  const inDay =
    inWindow === undefined
      ? undefined
      : await takeSlot(db, keys, failDayKey(enetId), at, DAY_MS, MAX_FAILURES_PER_ID_PER_DAY);
  const stored = validId ? await passwordHashOf(db, enetId) : undefined;
  // An unknown ID is checked against a dummy hash so it costs the same time as a wrong password.
  const matches = await verifyPassword(input.password, stored ?? (await dummyPasswordHash()));
  if (!validId) return { ok: false, reason: 'invalid' };
  if (inWindow === undefined || inDay === undefined) {
    if (inWindow !== undefined) await releaseSlot(db, keys, failKey(enetId), at, SIGN_IN_WINDOW_MS);
    return { ok: false, reason: 'locked' };
  }
  if (!matches || !stored) {
    const lockedNow = inWindow >= MAX_FAILURES_PER_ID_PER_WINDOW || inDay >= MAX_FAILURES_PER_ID_PER_DAY;
    return { ok: false, reason: lockedNow ? 'locked' : 'invalid' };
  }
  await clearCounter(db, keys, failKey(enetId));
  await releaseSlot(db, keys, failDayKey(enetId), at, DAY_MS);
  if (needsRehash(stored)) await rehashPassword(db, enetId, await hashPassword(input.password));
  return { ok: true, enetId };
}

/** A successful sign-in forgives the window's failures (the daily cap still stands). */
async function clearCounter(db: Db, keys: PortalDeps['keys'], key: string): Promise<void> {
  await deleteCounters(db, keys.mac('ratelimit', key));
}
