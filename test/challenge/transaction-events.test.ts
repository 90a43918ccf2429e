import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { canTransition, TRANSACTION_STATES, type TransactionState } from '../../src/core/transaction-state.ts';
import { endWindow, startEmergencyStop } from '../../src/features/operations/service/windows.ts';
import { IllegalTransitionError, move } from '../../src/storage/repositories/transactions.ts';
import { PortalClient, seedPortalMember } from '../portal/support.ts';
import { AppSdkSimulator } from '../support/app-sdk-simulator.ts';
import { ChallengeClient, latestCode, wrongCode } from '../support/challenge-client.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Issue 15: the transaction aggregate is the only writer of a transaction's state. Every path a challenge can
 * take is driven through the real HTTP stack, and each event it recorded must name the state the row really
 * left and be a move core's table allows.
 */
forEachDialect('transaction events follow core’s transition table', (getDb) => {
  let server: TestServer;
  let ds: DsPeer;
  const clock = new ManualClock(new Date('2026-12-01T00:00:00Z'));
  before(async () => {
    ds = await new DsPeer().start();
    server = await startTestServer(getDb(), { clock, env: { DS_RREQ_URL: ds.url } });
  });
  after(async () => {
    await server.close();
    await ds.stop();
  });

  async function cardholder() {
    const holder = await seedCardholder(getDb().db, server.keys);
    await server.server.deps.ranges.load();
    return holder;
  }

  async function events(acsTransID: string) {
    return getDb()
      .db.selectFrom('transaction_event_log')
      .select(['from_state', 'to_state', 'detail'])
      .where('acs_trans_id', '=', acsTransID)
      .orderBy('id')
      .execute();
  }

  /** The RReq reached the DS and its RRes was recorded: the transaction rests in result_acknowledged. */
  async function acknowledged(acsTransID: string): Promise<void> {
    await ds.waitFor(acsTransID);
    for (let i = 0; i < 100; i++) {
      const row = await getDb()
        .db.selectFrom('transactions')
        .select('state')
        .where('acs_trans_id', '=', acsTransID)
        .executeTakeFirstOrThrow();
      if (row.state === 'result_acknowledged') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`${acsTransID} was never acknowledged`);
  }

  /** Every event is a legal move from the state the previous one reached; returns the path walked. */
  async function checkedPath(acsTransID: string): Promise<string[]> {
    const recorded = await events(acsTransID);
    let at: string = 'created';
    const path = [at];
    for (const e of recorded) {
      assert.ok(e.from_state !== null, `${e.to_state}: the event names the state it left`);
      assert.equal(e.from_state, at, `the event into ${e.to_state} left the state the row was in`);
      const from = e.from_state as TransactionState;
      const to = e.to_state as TransactionState;
      assert.ok(TRANSACTION_STATES.includes(to), `${to} is a state`);
      assert.ok(canTransition(from, to), `${from} → ${to} is in core's table`);
      at = to;
      path.push(to);
    }
    return path;
  }

  const ENDED = (outcome: string) => [
    'created',
    'challenge_issued',
    'challenge_in_progress',
    outcome,
    'result_sent',
    'result_acknowledged',
  ];

  test('success: the right e-net ID and code', async () => {
    const holder = await cardholder();
    const client = new ChallengeClient(server.url);
    await client.areq(holder.pan);
    await client.creq();
    await client.submit(holder.enetId, await latestCode(getDb().db, server.keys, client.acsTransID));
    assert.equal(client.finalCRes()?.transStatus, 'Y');
    await acknowledged(client.acsTransID);
    assert.deepEqual(await checkedPath(client.acsTransID), ENDED('authenticated'));
    // A move the table forbids is a programming error: it throws and writes nothing.
    const at = clock.now();
    await assert.rejects(
      move(getDb().db, client.acsTransID, { from: 'result_acknowledged', to: 'authenticated', at, detail: null }),
      IllegalTransitionError,
    );
    // An allowed move from a state the row is not in moves nothing and says so.
    const again = { from: 'challenge_in_progress', to: 'cancelled', at, detail: null } as const;
    assert.equal(await move(getDb().db, client.acsTransID, again), undefined);
    assert.equal((await events(client.acsTransID)).length, 5);
  });

  test('no challenge: the AReq decides at once (created → decided)', async () => {
    const holder = await seedCardholder(getDb().db, server.keys, { enrolled: false });
    await server.server.deps.ranges.load();
    const client = new ChallengeClient(server.url);
    assert.notEqual((await client.areq(holder.pan)).transStatus, 'C');
    assert.deepEqual(await checkedPath(client.acsTransID), ['created', 'decided']);
  });

  test('wrong-code limit: the fifth wrong code ends the challenge N/19', async () => {
    const holder = await cardholder();
    const client = new ChallengeClient(server.url);
    await client.areq(holder.pan);
    await client.creq();
    const bad = wrongCode(await latestCode(getDb().db, server.keys, client.acsTransID));
    for (let i = 0; i < 5; i++) await client.submit(holder.enetId, bad);
    assert.equal(client.finalCRes()?.transStatus, 'N');
    await acknowledged(client.acsTransID);
    assert.deepEqual(await checkedPath(client.acsTransID), ENDED('failed'));
    assert.ok((await events(client.acsTransID)).some((e) => e.to_state === 'failed' && e.detail === 'N/19'));
  });

  test('cancel: the cardholder cancels', async () => {
    const holder = await cardholder();
    const client = new ChallengeClient(server.url);
    await client.areq(holder.pan);
    await client.creq();
    await client.cancel();
    await acknowledged(client.acsTransID);
    assert.deepEqual(await checkedPath(client.acsTransID), ENDED('cancelled'));
  });

  test('app cancel on the first CReq: challenge_issued → cancelled, never opened', async () => {
    const holder = await cardholder();
    const sdk = new AppSdkSimulator(server.url);
    assert.equal((await sdk.areq(holder.pan)).json.transStatus, 'C');
    assert.equal((await sdk.creq({ challengeCancel: '01' })).message.transStatus, 'N');
    await acknowledged(sdk.acsTransID);
    assert.deepEqual(await checkedPath(sdk.acsTransID), [
      'created',
      'challenge_issued',
      'cancelled',
      'result_sent',
      'result_acknowledged',
    ]);
  });

  test('first-CReq timeout: ended by the sweeper from challenge_issued (N/14/05)', async () => {
    const holder = await cardholder();
    const client = new ChallengeClient(server.url);
    await client.areq(holder.pan);
    clock.advance(31_000);
    assert.ok((await server.server.sweeper.sweep()) >= 1);
    await acknowledged(client.acsTransID);
    assert.deepEqual(await checkedPath(client.acsTransID), [
      'created',
      'challenge_issued',
      'timed_out',
      'result_sent',
      'result_acknowledged',
    ]);
    assert.ok((await events(client.acsTransID)).some((e) => e.to_state === 'timed_out' && e.detail === 'N/14/05'));
  });

  test('challenge timeout: ended by the sweeper from challenge_in_progress (N/14/04)', async () => {
    const holder = await cardholder();
    const client = new ChallengeClient(server.url);
    await client.areq(holder.pan);
    await client.creq();
    clock.advance(10 * 60_000 + 1000);
    assert.ok((await server.server.sweeper.sweep()) >= 1);
    await acknowledged(client.acsTransID);
    assert.deepEqual(await checkedPath(client.acsTransID), ENDED('timed_out'));
    assert.ok((await events(client.acsTransID)).some((e) => e.to_state === 'timed_out' && e.detail === 'N/14/04'));
  });

  test('lock during a challenge: a lost/stolen report from the portal ends it N/12', async () => {
    const { db } = getDb();
    const holder = await seedPortalMember(db, server.keys);
    await server.server.deps.ranges.load();
    const shopper = new ChallengeClient(server.url);
    await shopper.areq(holder.pan);
    await shopper.creq();
    const phone = new PortalClient(server.url);
    await phone.signIn(holder.enetId);
    assert.equal((await phone.get('/enet/lost')).status, 200);
    assert.equal((await phone.post('/enet/lost', { confirm: '1' })).status, 303);
    await acknowledged(shopper.acsTransID);
    assert.deepEqual(await checkedPath(shopper.acsTransID), ENDED('failed'));
    assert.ok((await events(shopper.acsTransID)).some((e) => e.to_state === 'failed' && e.detail === 'N/12'));
  });

  test('suspension: an emergency stop ends open challenges U/22, opened or not', async () => {
    const holder = await cardholder();
    const opened = new ChallengeClient(server.url);
    await opened.areq(holder.pan);
    await opened.creq();
    const waiting = new ChallengeClient(server.url);
    await waiting.areq(holder.pan);
    const deps = { db: getDb().db, clock };
    const text = { title: '緊急停止', titleEn: 'Emergency stop', body: '停止します。', bodyEn: 'Paused.' };
    const id = await startEmergencyStop(deps, { ...text, scope: 'all' }, 'operator:test');
    try {
      await server.server.operations.tick();
      await acknowledged(opened.acsTransID);
      await acknowledged(waiting.acsTransID);
    } finally {
      await endWindow(deps, id, 'operator:test', 'test over');
      await server.server.operations.tick();
    }
    assert.deepEqual(await checkedPath(opened.acsTransID), ENDED('failed'));
    assert.deepEqual(await checkedPath(waiting.acsTransID), [
      'created',
      'challenge_issued',
      'failed',
      'result_sent',
      'result_acknowledged',
    ]);
    assert.ok((await events(waiting.acsTransID)).some((e) => e.to_state === 'failed' && e.detail === 'U/22/06'));
  });
});
