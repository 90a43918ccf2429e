import type { Config } from '../../../app/config.ts';
import type { Clock } from '../../../core/ports.ts';
import { queueEmail } from '../../../infra/channels/email/job.ts';
import { enqueueJob } from '../../../infra/jobs/queue.ts';
import type { JobHandler, JobOutcome } from '../../../infra/jobs/worker.ts';
import type { Logger } from '../../../infra/logger.ts';
import type { Db } from '../../../storage/database.ts';
import { eligibleMembers, mailingPace } from './mailings.ts';
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
  return deps.db.transaction().execute(async (trx) => {
    const m = await trx.selectFrom('mailings').selectAll().where('id', '=', mailingId).forUpdate().executeTakeFirst();
    if (!m) return { queued: 0, outcome: { ok: false, retryable: false, error: 'mailing missing' } };
    if (m.status !== 'running') return skip(`mailing ${m.status}`);
    if (m.batches_done !== batch) return skip(`stale batch ${batch} (at ${m.batches_done})`);
    const notice = await trx.selectFrom('notices').selectAll().where('id', '=', m.notice_id).executeTakeFirstOrThrow();
    let query = eligibleMembers(trx).select(['enet_id', 'name', 'email']).orderBy('enet_id').limit(pace.size);
    if (m.cursor_enet_id !== null) query = query.where('enet_id', '>', m.cursor_enet_id);
    const members = await query.execute();
    const ids = members.map((x) => x.enet_id);
    const reached =
      ids.length === 0
        ? []
        : await trx
            .selectFrom('mailing_recipients')
            .select('enet_id')
            .where('mailing_id', '=', mailingId)
            .where('enet_id', 'in', ids)
            .execute();
    const already = new Set(reached.map((r) => r.enet_id));
    const rows = [];
    for (const member of members) {
      if (already.has(member.enet_id)) continue;
      const mail = noticeEmail(deps.config, notice, member.name);
      const queued = await queueEmail(trx, { to: member.email, ...mail, purpose: 'member_mailing', at });
      rows.push({
        mailing_id: mailingId,
        enet_id: member.enet_id,
        email_id: queued.emailId,
        job_id: queued.jobId,
        queued_at: at,
      });
    }
    if (rows.length > 0) await trx.insertInto('mailing_recipients').values(rows).execute();
    const cursor = ids.at(-1) ?? m.cursor_enet_id;
    if (members.length < pace.size) {
      await trx
        .updateTable('mailings')
        .set((eb) => ({
          status: 'completed',
          cursor_enet_id: cursor,
          batches_done: batch + 1,
          total: eb
            .selectFrom('mailing_recipients')
            .select(eb.fn.countAll<number>().as('n'))
            .where('mailing_id', '=', mailingId),
          completed_at: at,
          updated_at: at,
        }))
        .where('id', '=', mailingId)
        .execute();
      deps.logger.info({ mailingId, batches: batch + 1 }, 'mailing: every recipient queued');
    } else {
      await trx
        .updateTable('mailings')
        .set({ cursor_enet_id: cursor, batches_done: batch + 1, updated_at: at })
        .where('id', '=', mailingId)
        .execute();
      // Queued now, due after the pause that keeps the rate (created_at stays the real time).
      const next = await enqueueJob(trx, { kind: 'mailing', payload: { mailingId, batch: batch + 1 }, at });
      await trx
        .updateTable('jobs')
        .set({ run_at: new Date(at.getTime() + pace.intervalMs) })
        .where('id', '=', next)
        .execute();
    }
    return { queued: rows.length, outcome: { ok: true, detail: `batch ${batch}: ${rows.length} queued` } };
  });
}
