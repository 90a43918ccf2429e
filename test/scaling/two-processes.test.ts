import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { scheduleMaintenance } from '../../src/features/operations/service/windows.ts';
import { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import { ChallengeClient, latestCode } from '../support/challenge-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { type SeededCardholder, seedCardholder } from '../support/fixtures.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { RoundRobinBalancer, type ServiceProcess, startServiceProcess } from '../support/service-processes.ts';

const skip = process.env.TEST_DATABASE_URL
  ? false
  : 'TEST_DATABASE_URL not set: two service processes need one shared PostgreSQL';

/**
 * Scale-out (issues #9, #10): two ninsho processes on one PostgreSQL behind a round-robin balancer, so
 * consecutive requests of one challenge land on different nodes; each process runs its own outbox worker,
 * timeout sweeper and operations scheduler.
 */
describe('two service processes behind a load balancer', { skip }, () => {
  let database: TestDatabase;
  let keys: KeyRing;
  let ds: DsPeer;
  let nodes: ServiceProcess[] = [];
  let balancer: RoundRobinBalancer;
  let lbUrl = '';
  let holders: SeededCardholder[] = [];

  before(async () => {
    database = await createTestDatabase('postgres');
    keys = await KeyRing.open(database.masterKey, keyStore(database.db));
    holders = [await seedCardholder(database.db, keys), await seedCardholder(database.db, keys)];
    ds = await new DsPeer().start();
    const env = {
      DATABASE_URL: database.url ?? '',
      NINSHO_MASTER_KEY: database.masterKey.toString('base64'),
      DS_RREQ_URL: ds.url,
      SMS_PROVIDER: 'outbox',
      SEED_DEMO: 'false',
      CONSOLE_ADMIN_PASSWORD: 'two-process-admin-pass',
    };
    nodes = [await startServiceProcess(env), await startServiceProcess(env)];
    balancer = new RoundRobinBalancer(nodes.map((n) => n.url));
    lbUrl = await balancer.start();
  });
  after(async () => {
    await balancer?.stop();
    await Promise.all(nodes.map((n) => n.stop()));
    await ds?.stop();
    await database?.close();
  });

  test('a challenge moves between the nodes request by request; one SMS, one RReq', async () => {
    const holder = holders[0];
    assert.ok(holder);
    const client = new ChallengeClient(lbUrl);
    const ares = await client.areq(holder.pan);
    assert.equal(ares.transStatus, 'C');
    assert.equal((await client.creq()).status, 200);
    const code = await latestCode(database.db, keys, client.acsTransID);
    await client.submit(holder.enetId, code);
    assert.equal(client.finalCRes()?.transStatus, 'Y');
    assert.equal(new Set(balancer.served).size, 2, 'both nodes served part of the challenge');

    await ds.waitFor(client.acsTransID);
    await new Promise((r) => setTimeout(r, 2500)); // both workers poll again: neither may send it twice
    assert.equal(ds.forTransaction(client.acsTransID).length, 1, 'exactly one RReq at the DS');
    const sms = await database.db
      .selectFrom('sms_messages')
      .select('id')
      .where('acs_trans_id', '=', client.acsTransID)
      .execute();
    assert.equal(sms.length, 1, 'exactly one SMS');
  });

  test('a maintenance window is announced, started and ended by exactly one of the two schedulers', async () => {
    const holder = holders[1];
    assert.ok(holder);
    const open = new ChallengeClient(lbUrl);
    assert.equal((await open.areq(holder.pan)).transStatus, 'C');
    assert.equal((await open.creq()).status, 200);

    const now = Date.now();
    const id = await scheduleMaintenance(
      { db: database.db, clock: { now: () => new Date() } },
      {
        scope: 'all',
        startsAt: new Date(now + 2500),
        endsAt: new Date(now + 6000),
        noticeHours: 0, // announced as it starts; the notice period itself is tested in test/operations
        title: '二プロセス試験',
        titleEn: 'Two-process test',
        body: '試験です。',
        bodyEn: 'A test.',
      },
      'test',
    );
    await waitUntil(async () => (await windowRow(id))?.started_at != null, 'window started');
    const during = new ChallengeClient(lbUrl);
    const a1 = await during.areq(holder.pan);
    const a2 = await during.areq(holder.pan);
    assert.deepEqual([a1.transStatus, a1.transStatusReason], ['U', '22']);
    assert.deepEqual([a2.transStatus, a2.transStatusReason], ['U', '22'], 'the other node answers the same');
    await waitUntil(async () => (await windowRow(id))?.ended_at != null, 'window ended');
    await ds.waitFor(open.acsTransID);
    assert.equal(ds.forTransaction(open.acsTransID).length, 1, 'the open challenge ended with one RReq');

    const notices = await database.db.selectFrom('notices').select('id').where('window_id', '=', id).execute();
    assert.equal(notices.length, 1, 'one announcement');
    const claimedBy = (event: 'started' | 'ended') =>
      nodes.filter((n) => n.logs().some((l) => Array.isArray(l[event]) && (l[event] as unknown[]).includes(id)));
    // A scheduler logs its pass after the commit the rows above show (and after reloading the status), and its
    // stdout reaches this process later still: wait for the line, then give a second claim time to show.
    for (const event of ['started', 'ended'] as const) {
      await waitUntil(async () => claimedBy(event).length > 0, `a process logged the window ${event}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
    for (const event of ['started', 'ended'] as const) {
      assert.equal(claimedBy(event).length, 1, `exactly one process ${event} the window`);
    }
    const after = new ChallengeClient(lbUrl);
    await waitUntil(async () => (await after.areq(holder.pan)).transStatus === 'C', 'challenges again after the end');
  });

  function windowRow(id: string) {
    return database.db
      .selectFrom('service_windows')
      .select(['started_at', 'ended_at'])
      .where('id', '=', id)
      .executeTakeFirst();
  }
});

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
