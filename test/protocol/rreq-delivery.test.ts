import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { ChallengeClient, latestCode } from '../support/challenge-client.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { startTestServer } from '../support/server.ts';

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

forEachDialect('RReq delivery from the outbox', (getDb) => {
  let ds: DsPeer;
  before(async () => {
    ds = await new DsPeer().start();
  });
  after(() => ds.stop());

  test('the DS is down for a while → retried with backoff, delivered once it is back, state acknowledged', async () => {
    const clock = new ManualClock(new Date());
    const server = await startTestServer(getDb(), { clock, env: { DS_RREQ_URL: ds.url } });
    try {
      const holder = await seedCardholder(getDb().db, server.keys);
      await server.server.deps.ranges.load();
      const client = new ChallengeClient(server.url);
      await client.areq(holder.pan);
      await client.creq();
      ds.failNext = 3;
      await client.submit(holder.enetId, await latestCode(getDb().db, server.keys, client.acsTransID));
      assert.equal(client.finalCRes()?.transStatus, 'Y', 'the member is not kept waiting by a DS outage');
      for (let i = 0; i < 6 && ds.forTransaction(client.acsTransID).length === 0; i++) {
        clock.advance(10_000); // past each backoff step
        server.server.deps.worker.kick();
        await new Promise((r) => setTimeout(r, 300));
      }
      await ds.waitFor(client.acsTransID);
      const readAttempts = () =>
        getDb()
          .db.selectFrom('job_attempts')
          .innerJoin('jobs', 'jobs.id', 'job_attempts.job_id')
          .select(['job_attempts.outcome'])
          .where('jobs.kind', '=', 'rreq')
          .where('jobs.payload', '@>', JSON.stringify({ acsTransID: client.acsTransID }) as never)
          .execute();
      // The delivered attempt is recorded after the DS has answered: wait for it rather than race it.
      const attempts = await until('the delivered attempt recorded', async () => {
        const rows = await readAttempts();
        return rows.some((a) => a.outcome === 'done') ? rows : undefined;
      });
      assert.deepEqual(
        attempts.map((a) => a.outcome),
        ['retry', 'retry', 'retry', 'done'],
      );
      const txn = await until('acknowledged', async () => {
        const t = await getDb()
          .db.selectFrom('transactions')
          .select('state')
          .where('acs_trans_id', '=', client.acsTransID)
          .executeTakeFirst();
        return t?.state === 'result_acknowledged' ? t : undefined;
      });
      assert.equal(txn.state, 'result_acknowledged');
      assert.equal(ds.forTransaction(client.acsTransID).length, 1);
    } finally {
      await server.close();
    }
  });

  test('the process restarts mid-retry → a new process delivers it once, with the same content', async () => {
    const clock = new ManualClock(new Date());
    const first = await startTestServer(getDb(), { clock, env: { DS_RREQ_URL: ds.url } });
    const holder = await seedCardholder(getDb().db, first.keys);
    await first.server.deps.ranges.load();
    const client = new ChallengeClient(first.url);
    await client.areq(holder.pan);
    await client.creq();
    ds.failNext = 1;
    await client.cancel();
    const queued = await getDb()
      .db.selectFrom('jobs')
      .select(['payload', 'status'])
      .where('kind', '=', 'rreq')
      .where('payload', '@>', JSON.stringify({ acsTransID: client.acsTransID }) as never)
      .executeTakeFirstOrThrow();
    assert.equal(queued.status, 'pending', 'the first attempt failed and a retry is scheduled');
    await first.close(); // the process goes away mid-retry
    const restarted = await startTestServer(getDb(), { clock, env: { DS_RREQ_URL: ds.url } });
    try {
      clock.advance(60_000);
      restarted.server.deps.worker.kick();
      const delivered = await ds.waitFor(client.acsTransID);
      assert.deepEqual(delivered.body, (queued.payload as { message: unknown }).message);
      await new Promise((r) => setTimeout(r, 500));
      restarted.server.deps.worker.kick();
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(ds.forTransaction(client.acsTransID).length, 1, 'delivered exactly once');
    } finally {
      await restarted.close();
    }
  });
});
