import type { Db } from '../../../storage/database.ts';
import { appendAudit } from '../../../storage/repositories/audit.ts';
import { memberActor } from './policy.ts';

export type SessionEvent = 'sign_in' | 'reauth' | 'sign_out' | 'sign_out_everywhere';

/** Audit row for a session change, written in the transaction that made it. */
export async function auditSessionEvent(
  trx: Db,
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
