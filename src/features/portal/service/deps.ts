import type { ServiceDeps } from '../../../app/deps.ts';
import type { Db } from '../../../storage/database.ts';

/** The part of the session store the services need: ending a member's sessions inside their transaction. */
export interface SessionRevoker {
  revokeAll(trx: Db, subject: string, reason: string, now: Date, keepIdMac?: string): Promise<number>;
}

export interface PortalDeps extends ServiceDeps {
  sessions: SessionRevoker;
  /** Wakes the job worker after a commit that queued SMS, email or RReq jobs. */
  kick(): void;
}

/** Where a request came from, for rate limits, consent records and audit rows. */
export interface RequestMeta {
  ip: string;
  requestId?: string | undefined;
}
