import type { Config } from '../../../app/config.ts';
import type { Clock } from '../../../core/ports.ts';
import { queueEmail } from '../../../infra/channels/email/job.ts';
import { enqueueJob } from '../../../infra/jobs/queue.ts';
import type { JobHandler, JobOutcome } from '../../../infra/jobs/worker.ts';
import type { Logger } from '../../../infra/logger.ts';
import { type Db, withTransaction } from '../../../storage/database.ts';
import { deferJob } from '../../../storage/repositories/jobs.ts';
import {
  advanceMailing,
  completeMailing,
  insertRecipients,
  type MailingRecipient,
  mailingById,
  recipientsAmong,
} from '../../../storage/repositories/mailings.ts';
import { noticeById } from '../../../storage/repositories/notices.ts';
import { enrolledMembersWithEmailAfter } from '../../../storage/repositories/operations-reads.ts';
import { mailingPace } from './mailings.ts';
import { noticeEmail } from './mailings-text.ts';

export interface MailingJobDeps {
  db: Db;
  clock: Clock;
  config: Config;
  logger: Logger;
  /** Wakes the job worker so the emails just queued leave now. */
  kick: () => void;
}

/**
 * One `mailing` job = one batch: the next members by id after the cursor, each email queued with its recipient
 * row, the cursor moved and the next batch scheduled, all in one commit under the mailing's row lock. A crash
 * before the commit leaves nothing behind (the job runs again when its lease ends); after it, the job's batch
 * number no longer matches and a repeat does nothing. So nobody is mailed twice, across restarts and nodes.
 */
export function mailingJobHandler(deps: MailingJobDeps): JobHandler {
  return {
    retryWindowMs: 24 * 3600_000,
    async run(job) {
      const payload = job.payload as { mailingId?: unknown; batch?: unknown };
      const mailingId = String(payload.mailingId ?? '');
      const batch = Number(payload.batch);
      if (!Number.isInteger(batch) || batch < 0) return { ok: false, retryable: false, error: 'bad mailing payload' };
      const result = await runBatch(deps, mailingId, batch);
      if (result.queued > 0) deps.kick();
      return result.outcome;
    },
  };
}

async function runBatch(
  deps: MailingJobDeps,
  mailingId: string,
  batch: number,
): Promise<{ queued: number; outcome: JobOutcome }> {
  const at = deps.clock.now();
  const pace = mailingPace(deps.config.MAIL_RATE_PER_MINUTE);
  const skip = (detail: string) => ({ queued: 0, outcome: { ok: true as const, detail } });
  return withTransaction(deps.db, async (trx) => {
    const m = await mailingById(trx, mailingId, { lock: true });
    if (!m) return { queued: 0, outcome: { ok: false, retryable: false, error: 'mailing missing' } };
    if (m.status !== 'running') return skip(`mailing ${m.status}`);
    if (m.batches_done !== batch) return skip(`stale batch ${batch} (at ${m.batches_done})`);
    const notice = await noticeById(trx, m.notice_id);
    if (!notice) throw new Error(`mailing ${mailingId}: notice ${m.notice_id} missing`);
    const members = await enrolledMembersWithEmailAfter(trx, m.cursor_enet_id, pace.size);
    const ids = members.map((x) => x.enet_id);
    const already = new Set(await recipientsAmong(trx, mailingId, ids));
    const rows: MailingRecipient[] = [];
    for (const member of members) {
      if (already.has(member.enet_id)) continue;
      const mail = noticeEmail(deps.config, notice, member.name);
      const queued = await queueEmail(trx, { to: member.email, ...mail, purpose: 'member_mailing', at });
      rows.push({ enetId: member.enet_id, emailId: queued.emailId, jobId: queued.jobId, queuedAt: at });
    }
    await insertRecipients(trx, mailingId, rows);
    const progress = { cursor: ids.at(-1) ?? m.cursor_enet_id, batchesDone: batch + 1, at };
    if (members.length < pace.size) {
      await completeMailing(trx, mailingId, progress);
      deps.logger.info({ mailingId, batches: batch + 1 }, 'mailing: every recipient queued');
    } else {
      await advanceMailing(trx, mailingId, progress);
      // Queued now, due after the pause that keeps the rate (created_at stays the real time).
      const next = await enqueueJob(trx, { kind: 'mailing', payload: { mailingId, batch: batch + 1 }, at });
      await deferJob(trx, next, new Date(at.getTime() + pace.intervalMs));
    }
    return { queued: rows.length, outcome: { ok: true, detail: `batch ${batch}: ${rows.length} queued` } };
  });
}
