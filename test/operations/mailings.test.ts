import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { controlMailing, mailingProgress, mailNotice } from '../../src/features/operations/service/mailings.ts';
import { publishNotice } from '../../src/features/operations/service/notices.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { type SmtpPeer, startSmtpPeer } from '../support/peers/smtp-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const text = (n: number) => ({
  title: `サービス内容変更のお知らせ ${n}`,
  titleEn: `Service change ${n}`,
  body: '本人認証サービスの内容を変更します。',
  bodyEn: 'We are changing the service.',
});

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * MAIL_RATE_PER_MINUTE=2: batches of two, one minute apart (on the test clock). Five enrolled members take three
 * batches; the first node stops after the first and a new one on the same database finishes the job.
 */
forEachDialect('member mailings: batched, rate-limited, resumable', (getDb) => {
  let peer: SmtpPeer;
  const clock = new ManualClock(new Date('2026-12-01T00:00:00Z'));
  const env = () => ({ SMTP_URL: peer.url(), MAIL_RATE_PER_MINUTE: '2' });
  const servers: TestServer[] = [];
  let enrolled: string[] = [];
  let others: string[] = [];

  before(async () => {
    peer = await startSmtpPeer();
    const { db } = getDb();
    const boot = await startTestServer(getDb(), { clock, env: env() });
    for (let i = 0; i < 5; i++) enrolled.push((await seedCardholder(db, boot.keys)).enetId);
    for (let i = 0; i < 2; i++) others.push((await seedCardholder(db, boot.keys, { enrolled: false })).enetId);
    enrolled = enrolled.map((id) => `${id}@example.jp`);
    others = others.map((id) => `${id}@example.jp`);
    servers.push(boot);
  });
  after(async () => {
    for (const s of servers) await s.close().catch(() => {});
    await peer.close();
  });

  const receivedFor = (title: string) =>
    peer
      .received()
      .filter((m) => (m.subject ?? '').includes(title))
      .flatMap((m) => m.envelopeTo);

  test('every enrolled member gets exactly one email across a restart; others none; progress adds up', async () => {
    const { db } = getDb();
    const deps = { db, clock };
    const [first] = servers;
    assert.ok(first);
    const noticeId = await publishNotice(deps, { ...text(1), kind: 'service_change' }, 'operator:test');
    const mailingId = await mailNotice(deps, noticeId, 'operator:test');
    first.server.deps.worker.kick();

    // batch 0: two emails, then nothing more until a minute has passed
    await until('the first batch', () => (receivedFor(text(1).title).length >= 2 ? true : undefined));
    await new Promise((r) => setTimeout(r, 1200)); // several worker polls
    assert.equal(receivedFor(text(1).title).length, 2, 'the rate holds the next batch back');
    let [p] = await mailingProgress(db, { id: mailingId });
    assert.deepEqual([p?.total, p?.sent, p?.remaining, p?.mailing.status], [5, 2, 3, 'running']);

    // "restart": the node stops; the batch job it already ran is found pending again, as if the process had died
    // after the batch's commit but before it marked the job done
    await first.close();
    servers.length = 0;
    const batch0 = await db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', 'mailing')
      .where('status', '=', 'done')
      .executeTakeFirstOrThrow();
    await db.updateTable('jobs').set({ status: 'pending', done_at: null }).where('id', '=', batch0.id).execute();

    clock.advance(60_000);
    const second = await startTestServer(getDb(), { clock, env: env() });
    servers.push(second);
    await until('the second batch', () => (receivedFor(text(1).title).length >= 4 ? true : undefined));
    clock.advance(60_000);
    second.server.deps.worker.kick();
    await until('the last batch', async () => {
      const [now] = await mailingProgress(db, { id: mailingId });
      return now?.mailing.status === 'completed' && now.sent === 5 ? now : undefined;
    });

    const to = receivedFor(text(1).title);
    assert.deepEqual([...to].sort(), [...enrolled].sort(), 'each enrolled member exactly once');
    for (const other of others) assert.ok(!to.includes(other), 'members not enrolled are not mailed');
    [p] = await mailingProgress(db, { id: mailingId });
    assert.deepEqual([p?.total, p?.queued, p?.sent, p?.failed, p?.remaining], [5, 0, 5, 0, 0]);
    const stale = await db.selectFrom('job_attempts').select('detail').where('job_id', '=', batch0.id).execute();
    assert.ok(
      stale.some((a) => /stale batch/.test(a.detail ?? '')),
      'the repeated batch did nothing',
    );
    // batches a minute apart at the configured rate
    const times = await db
      .selectFrom('mailing_recipients')
      .select('queued_at')
      .where('mailing_id', '=', mailingId)
      .execute();
    const distinct = [...new Set(times.map((t) => new Date(t.queued_at).getTime()))].sort();
    assert.equal(distinct.length, 3);
    assert.ok((distinct[1] ?? 0) - (distinct[0] ?? 0) >= 60_000 && (distinct[2] ?? 0) - (distinct[1] ?? 0) >= 60_000);
    // the same notice is not mailed twice
    await assert.rejects(mailNotice(deps, noticeId, 'operator:test'), /already been emailed/);
  });

  test('pause holds the batches back, resume continues, cancel ends; each change audited', async () => {
    const { db } = getDb();
    const deps = { db, clock };
    const [node] = servers;
    assert.ok(node);
    const noticeId = await publishNotice(deps, { ...text(2), kind: 'service_change' }, 'operator:test');
    const id = await mailNotice(deps, noticeId, 'operator:test');
    node.server.deps.worker.kick();
    await until('the first batch', () => (receivedFor(text(2).title).length >= 2 ? true : undefined));
    await controlMailing(deps, id, 'pause', 'operator:test');
    clock.advance(120_000);
    node.server.deps.worker.kick();
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(receivedFor(text(2).title).length, 2, 'paused: nothing more is queued');
    await assert.rejects(controlMailing(deps, id, 'pause', 'operator:test'), /paused/);
    await controlMailing(deps, id, 'resume', 'operator:test');
    node.server.deps.worker.kick();
    await until('the batch after resuming', () => (receivedFor(text(2).title).length >= 4 ? true : undefined));
    await controlMailing(deps, id, 'cancel', 'operator:test');
    clock.advance(120_000);
    node.server.deps.worker.kick();
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(receivedFor(text(2).title).length, 4, 'cancelled: the last member is not mailed');
    const [p] = await mailingProgress(db, { id });
    assert.deepEqual([p?.mailing.status, p?.sent, p?.remaining], ['cancelled', 4, 1]);
    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', id)
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['mailing.start', 'mailing.pause', 'mailing.resume', 'mailing.cancel'],
    );
  });
});
