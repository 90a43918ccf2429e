import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claimDueJobs, JOB_LEASE_MS } from '../../src/infra/jobs/queue.ts';
import { jobInsert, newJobRow } from '../../src/storage/repositories/jobs.ts';
import { forEachDialect } from '../support/databases.ts';

/**
 * A job its request created already claimed (the challenge's SMS and RReq, issue 19) is the request's to run: no
 * worker takes it while the lease holds, and if the request died before running it, any worker takes it once the
 * lease has run out, as it would a job whose worker died.
 */
forEachDialect('jobs created already claimed', (getDb) => {
  test('invisible to workers for the lease, then taken like any other; the row is what a claim returns', async () => {
    const db = getDb().db;
    const at = new Date('2026-12-06T08:00:00Z');
    const claimed = newJobRow({ id: `job_claimed_${Date.now()}`, kind: 'sms', payload: { smsId: 'sms_x' }, at }, true);
    const plain = newJobRow({ id: `job_plain_${Date.now()}`, kind: 'sms', payload: { smsId: 'sms_y' }, at }, false);
    await db
      .insertInto('jobs')
      .values([jobInsert(claimed), jobInsert(plain)])
      .execute();
    const stored = await db.selectFrom('jobs').selectAll().where('id', '=', claimed.id).executeTakeFirstOrThrow();
    assert.deepEqual(stored, claimed, 'the row in memory is the row stored');
    assert.equal(stored.attempts, 1);

    const during = await claimDueJobs(db, new Date(at.getTime() + JOB_LEASE_MS - 1000), 10, JOB_LEASE_MS);
    assert.deepEqual(
      during.map((j) => j.id),
      [plain.id],
      'while the lease holds a worker takes only the unclaimed job',
    );
    const after = await claimDueJobs(db, new Date(at.getTime() + JOB_LEASE_MS + 1000), 10, JOB_LEASE_MS);
    assert.deepEqual(
      after.map((j) => [j.id, j.attempts]),
      [[claimed.id, 2]],
      'once it has run out, the claimed job is taken, its second attempt',
    );
  });
});
