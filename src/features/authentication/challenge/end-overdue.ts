import { overdueResult } from '../../../core/transaction-state.ts';
import { newId } from '../../../infra/ids.ts';
import { type Db, withTransaction } from '../../../storage/database.ts';
import { messageLogRow } from '../../../storage/repositories/message-log.ts';
import { endOverdue, lockOverdueChallenges, type OverdueEnding } from '../../../storage/repositories/transactions.ts';
import { eventDetail, rreqFor, rreqLogEntry, rreqPayload } from './end.ts';

/**
 * Ends up to `limit` overdue challenges (EMV 3DS §5.5: no first CReq within 30 s → N / 14 / 05; over the
 * challenge time → N / 14 / 04), each with its event, its RReq in the message log and its RReq job.
 * The due rows are locked with `FOR UPDATE SKIP LOCKED`, so two nodes sweeping together take disjoint
 * batches and a CReq or member action holding a row is skipped (it ends the challenge itself, or the
 * next sweep does); then one statement ends the batch and inserts everything it queues.
 * Returns the RReq job ids.
 */
export async function endOverdueBatch(db: Db, at: Date, limit: number): Promise<string[]> {
  return withTransaction(db, async (trx) => {
    const due = await lockOverdueChallenges(trx, at, limit);
    const endings = due.map((txn): OverdueEnding => {
      const from = txn.state === 'challenge_issued' ? 'challenge_issued' : 'challenge_in_progress';
      const result = overdueResult(from);
      const rreq = rreqFor(txn, result, '07', null);
      return {
        acsTransID: txn.acs_trans_id,
        from,
        to: result.state,
        transStatus: result.transStatus,
        transStatusReason: result.transStatusReason ?? null,
        challengeCancel: result.challengeCancel ?? null,
        detail: eventDetail(result),
        // An RReq carries no cardholder data: nothing to seal, so the sweeper needs no key ring.
        message: messageLogRow(null, rreqLogEntry(txn, rreq, at)),
        jobId: newId('job', at.getTime()),
        jobPayload: rreqPayload(txn, rreq),
      };
    });
    return endOverdue(trx, at, endings);
  });
}
