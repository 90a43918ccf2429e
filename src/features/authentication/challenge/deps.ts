import type { ServiceDeps } from '../../../app/deps.ts';
import type { JobRow, TransactionRow } from '../../../storage/schema.ts';
import type { ChallengeContext } from './context.ts';

export interface ChallengeDeps extends ServiceDeps {
  /**
   * Runs a queued job now, in the background (the SMS should not wait for the next poll): by id (claimed first), or
   * the row of a job created already claimed (`newJobRow(…, true)`), once its transaction has committed.
   */
  dispatchNow(job: string | JobRow): void;
  /** Delivers the RReq before the final CRes is shown, waiting at most a few seconds (a job id or claimed row). */
  deliverNow(job: string | JobRow): Promise<void>;
  /** Whether SMS sending is suspended for this transaction's scope (terms art. 11). */
  smsPaused(txn: TransactionRow): boolean;
  smsSettings(ctx: ChallengeContext): { phone: string; issuerShortName: string; host: string; ttlSeconds: number };
}
