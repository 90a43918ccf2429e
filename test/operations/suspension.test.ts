import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { endWindow, scheduleMaintenance, startEmergencyStop } from '../../src/features/operations/service/windows.ts';
import { ChallengeClient } from '../support/challenge-client.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const text = {
  title: '定期メンテナンス',
  titleEn: 'Scheduled maintenance',
  body: '本人認証サービスを停止します。',
  bodyEn: 'The service will be paused.',
};

forEachDialect('service suspension (terms art. 11)', (getDb, dialect) => {
  let a: TestServer;
  let b: TestServer | undefined;
  let ds: DsPeer;
  const clock = new ManualClock(new Date('2026-12-01T00:00:00Z'));
  before(async () => {
    ds = await new DsPeer().start();
    a = await startTestServer(getDb(), { clock, env: { DS_RREQ_URL: ds.url } });
    // a second node on the same PostgreSQL (PGlite is single-process)
    if (dialect === 'postgres') b = await startTestServer(getDb(), { clock, env: { DS_RREQ_URL: ds.url } });
  });
  after(async () => {
    await a.close();
    await b?.close();
    await ds.stop();
  });

  test('a scheduled window: announced at its notice time, AReqs U/22 while in force, open challenges end, then back to C', async () => {
    const holder = await seedCardholder(getDb().db, a.keys);
    await a.server.deps.ranges.load();
    const deps = { db: getDb().db, clock };
    const startsAt = new Date(clock.now().getTime() + 2 * 3600_000);
    const id = await scheduleMaintenance(
      deps,
      { ...text, scope: 'all', startsAt, endsAt: new Date(startsAt.getTime() + 3600_000), noticeHours: 1 },
      'test',
    );

    const noticesPage = async () => (await fetch(`${a.url}/notices`)).text();
    await a.server.operations.tick();
    assert.ok(!(await noticesPage()).includes('定期メンテナンス'), 'not announced before the notice period');
    clock.advance(3600_000 + 1000);
    const nodes = [a, b].filter((n): n is TestServer => n !== undefined);
    const announced = await Promise.all(nodes.map((n) => n.server.operations.tick()));
    assert.equal(announced.flatMap((r) => r.announced).length, 1);
    assert.match(await noticesPage(), /定期メンテナンス/);
    assert.match(await (await fetch(`${a.url}/notices/feed.atom`)).text(), /<entry>.*定期メンテナンス/s);

    // a challenge is open when the window starts
    const client = new ChallengeClient(a.url);
    assert.equal((await client.areq(holder.pan)).transStatus, 'C');
    await client.creq();
    clock.set(new Date(startsAt.getTime() + 1000));
    const started = await Promise.all(nodes.map((n) => n.server.operations.tick()));
    assert.deepEqual(
      started.flatMap((r) => r.started),
      [id],
      'exactly one node starts the window',
    );
    const rreq = await ds.waitFor(client.acsTransID);
    assert.deepEqual([rreq.body.transStatus, rreq.body.transStatusReason], ['U', '22']);
    await client.submit(holder.enetId, '000000');
    assert.equal(client.finalCRes()?.transStatus, 'N', 'the open page ends with a final CRes');

    const during = await postAReq(a.url, browserAReq(holder.pan));
    assert.deepEqual([during.json.transStatus, during.json.transStatusReason], ['U', '22']);

    clock.set(new Date(startsAt.getTime() + 3600_000 + 1000));
    const ended = await Promise.all(nodes.map((n) => n.server.operations.tick()));
    assert.equal(ended.flatMap((r) => r.ended).length, 1);
    for (const n of nodes) await n.server.operations.tick();
    const after = await postAReq(a.url, browserAReq(holder.pan));
    assert.equal(after.json.transStatus, 'C');
  });

  test('an emergency stop takes effect on the next AReq without a restart, and ends the same way', async () => {
    const holder = await seedCardholder(getDb().db, a.keys);
    await a.server.deps.ranges.load();
    const deps = { db: getDb().db, clock };
    const id = await startEmergencyStop(deps, { ...text, scope: 'all' }, 'operator:test');
    await a.server.operations.tick(); // what every node does each second
    assert.deepEqual(
      [
        (await postAReq(a.url, browserAReq(holder.pan))).json.transStatus,
        (await postAReq(a.url, browserAReq(holder.pan))).json.transStatusReason,
      ],
      ['U', '22'],
    );
    await endWindow(deps, id, 'operator:test', 'resolved');
    await a.server.operations.tick();
    assert.equal((await postAReq(a.url, browserAReq(holder.pan))).json.transStatus, 'C');
  });

  test('an SMS-only suspension refuses challenges with U/22 but leaves other answers alone', async () => {
    const holder = await seedCardholder(getDb().db, a.keys);
    const notEnrolled = await seedCardholder(getDb().db, a.keys, { enrolled: false });
    await a.server.deps.ranges.load();
    const id = await startEmergencyStop({ db: getDb().db, clock }, { ...text, scope: 'sms' }, 'operator:test');
    await a.server.operations.tick();
    assert.deepEqual([(await postAReq(a.url, browserAReq(holder.pan))).json.transStatusReason], ['22']);
    assert.deepEqual([(await postAReq(a.url, browserAReq(notEnrolled.pan))).json.transStatusReason], ['13']);
    await endWindow({ db: getDb().db, clock }, id, 'operator:test', 'done');
    await a.server.operations.tick();
  });
});
