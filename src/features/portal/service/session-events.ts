import type { SessionMeta, SessionStore } from '../../../app/http/session.ts';
import { type Executor, withTransaction } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import type { PortalDeps } from './deps.ts';
import { memberActor } from './policy.ts';

export type SessionEvent = 'sign_in' | 'reauth' | 'sign_out' | 'sign_out_everywhere';

/** Audit row for a session change, written in the transaction that made it. */
async function auditSessionEvent(
  trx: Executor,
  input: {
    enetId: string;
    event: SessionEvent;
    sessionId?: string;
    ended?: number;
    requestId?: string | undefined;
    at: Date;
  },
): Promise<void> {
  await appendAudit(trx, {
    actor: memberActor(input.enetId),
    action: `portal.session.${input.event}`,
    subjectType: 'member',
    subjectId: input.enetId,
    after: { sessionId: input.sessionId ?? null, sessionsEnded: input.ended ?? null },
    requestId: input.requestId ?? null,
    at: input.at,
  });
}

/**
 * A new session at sign-in or re-authentication, with its audit row; the browser's previous token
 * (`replacing`) ends in the same transaction.
 */
export function startMemberSession(
  deps: Pick<PortalDeps, 'db' | 'clock'>,
  store: SessionStore,
  input: {
    enetId: string;
    event: 'sign_in' | 'reauth';
    meta: SessionMeta;
    replacing: { token: string | undefined; createdAt?: Date };
    requestId: string | undefined;
  },
): Promise<{ token: string; publicId: string }> {
  const at = deps.clock.now();
  return withTransaction(deps.db, async (trx) => {
    const s = await store.start(trx, input.enetId, input.meta, at, input.replacing);
    await auditSessionEvent(trx, {
      enetId: input.enetId,
      event: input.event,
      sessionId: s.publicId,
      at,
      requestId: input.requestId,
    });
    return s;
  });
}

/** Ends this session (sign-out), with its audit row. */
export async function endMemberSession(
  deps: Pick<PortalDeps, 'db' | 'clock'>,
  store: SessionStore,
  input: { enetId: string; token: string; sessionId: string; requestId: string | undefined },
): Promise<void> {
  const at = deps.clock.now();
  await withTransaction(deps.db, async (trx) => {
    await store.revoke(trx, input.token, 'signed_out', at);
    await auditSessionEvent(trx, {
      enetId: input.enetId,
      event: 'sign_out',
      sessionId: input.sessionId,
      at,
      requestId: input.requestId,
    });
  });
}

/** Ends every session of the member, this one included, with one audit row; returns how many ended. */
export function endAllMemberSessions(
  deps: Pick<PortalDeps, 'db' | 'clock'>,
  store: SessionStore,
  input: { enetId: string; requestId: string | undefined },
): Promise<number> {
  const at = deps.clock.now();
  return withTransaction(deps.db, async (trx) => {
    const ended = await store.revokeAll(trx, input.enetId, 'signed_out_everywhere', at);
    await auditSessionEvent(trx, {
      enetId: input.enetId,
      event: 'sign_out_everywhere',
      ended,
      at,
      requestId: input.requestId,
    });
    return ended;
  });
}
