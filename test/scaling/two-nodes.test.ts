import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ChallengeClient, latestCode } from '../support/challenge-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const skip = process.env.TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL not set: the two-node test needs PostgreSQL';

describe('two nodes over one PostgreSQL', { skip }, () => {
  let database: TestDatabase;
  let ds: DsPeer;
  let nodeA: TestServer;
  let nodeB: TestServer;

  before(async () => {
    database = await createTestDatabase('postgres');
    ds = await new DsPeer().start();
    // Same database and master key; each node runs its own job worker and timeout sweeper.
    nodeA = await startTestServer(database, { env: { DS_RREQ_URL: ds.url } });
    nodeB = await startTestServer(database, { env: { DS_RREQ_URL: ds.url } });
  });
  after(async () => {
    await nodeA?.close();
    await nodeB?.close();
    await ds?.stop();
    await database?.close();
  });

  test('a challenge started on node A completes on node B; one SMS, one RReq', async () => {
    const holder = await seedCardholder(database.db, nodeA.keys);
    await nodeA.server.deps.ranges.load();
    await nodeB.server.deps.ranges.load();

    const onA = new ChallengeClient(nodeA.url);
    const ares = await onA.areq(holder.pan);
    assert.equal(ares.transStatus, 'C');

    const onB = new ChallengeClient(nodeB.url);
    onB.acsTransID = onA.acsTransID;
    onB.threeDSServerTransID = onA.threeDSServerTransID;
    const page = await onB.creq();
    assert.equal(page.status, 200);
    await onB.submit(holder.enetId, await latestCode(database.db, nodeB.keys, onB.acsTransID));
    assert.equal(onB.finalCRes()?.transStatus, 'Y');

    await ds.waitFor(onB.acsTransID);
    // Let both workers poll a few more times: neither may pick the job up again.
    for (let i = 0; i < 4; i++) {
      nodeA.server.deps.worker.kick();
      nodeB.server.deps.worker.kick();
      await new Promise((r) => setTimeout(r, 300));
    }
    assert.equal(ds.forTransaction(onB.acsTransID).length, 1, 'exactly one RReq at the DS');
    const sms = await database.db
      .selectFrom('sms_messages')
      .select('id')
      .where('acs_trans_id', '=', onB.acsTransID)
      .execute();
    assert.equal(sms.length, 1, 'exactly one SMS');
    const attempts = await database.db
      .selectFrom('job_attempts')
      .innerJoin('jobs', 'jobs.id', 'job_attempts.job_id')
      .select(['jobs.kind', 'job_attempts.outcome'])
      .where('jobs.payload', '@>', JSON.stringify({ acsTransID: onB.acsTransID }) as never)
      .execute();
    assert.deepEqual(
      attempts.filter((a) => a.kind === 'rreq').map((a) => a.outcome),
      ['done'],
    );
  });
});
