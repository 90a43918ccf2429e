import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { AppSdkSimulator } from '../support/app-sdk-simulator.ts';
import { ChallengeClient, latestCode } from '../support/challenge-client.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { assertValidOutgoing } from '../support/messages.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Issue 14 item 9 and issue 16 item 6: the deadlines are checked when a CReq (or a page post) arrives, not only
 * by the sweeper. A late CReq ends the challenge N / 14 as the timeout would, opens nothing, sends no SMS, and
 * the RReq goes once whoever ends it. In the app channel the deadline is 10 minutes after each CRes.
 */
forEachDialect('late CReqs and challenge deadlines', (getDb) => {
  let server: TestServer;
  let ds: DsPeer;
  const clock = new ManualClock(new Date());
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
  const row = (acsTransID: string) =>
    getDb().db.selectFrom('transactions').selectAll().where('acs_trans_id', '=', acsTransID).executeTakeFirstOrThrow();
  const smsCount = async (acsTransID: string) =>
    (await getDb().db.selectFrom('sms_messages').select('id').where('acs_trans_id', '=', acsTransID).execute()).length;
  const endings = (acsTransID: string) =>
    getDb()
      .db.selectFrom('transaction_event_log')
      .select(['from_state', 'to_state', 'detail'])
      .where('acs_trans_id', '=', acsTransID)
      .where('to_state', '=', 'timed_out')
      .execute();
  /** The one RReq of a transaction: it arrived, it is valid, and no second one follows (the sweeper included). */
  async function oneRReq(acsTransID: string) {
    const rreq = await ds.waitFor(acsTransID);
    assert.equal(await server.server.sweeper.sweep(), 0, 'the sweeper finds nothing left to end');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(ds.forTransaction(acsTransID).length, 1, 'exactly one RReq');
    return rreq.body;
  }

  test('browser: a first CReq 31 s after the ARes is not opened: N/14/05, one RReq, no SMS', async () => {
    const holder = await cardholder();
    const client = new ChallengeClient(server.url);
    await client.areq(holder.pan);
    clock.advance(31_000);
    const late = await client.creq();
    assert.equal(late.status, 410);
    assert.equal(await smsCount(client.acsTransID), 0, 'no code was sent');
    const txn = await row(client.acsTransID);
    assert.deepEqual([txn.trans_status, txn.trans_status_reason, txn.challenge_cancel], ['N', '14', '05']);
    assert.deepEqual(await endings(client.acsTransID), [
      { from_state: 'challenge_issued', to_state: 'timed_out', detail: 'N/14/05' },
    ]);
    const rreq = await oneRReq(client.acsTransID);
    assert.deepEqual([rreq.transStatus, rreq.transStatusReason, rreq.challengeCancel], ['N', '14', '05']);
    assert.equal((await client.creq()).status, 410, 'and stays expired');
  });

  test('browser: a CReq re-posted after the 10 minutes ends it N/14/04; a code posted late does not authenticate', async () => {
    const holder = await cardholder();
    const client = new ChallengeClient(server.url);
    await client.areq(holder.pan);
    assert.equal((await client.creq()).status, 200);
    const page = new ChallengeClient(server.url);
    page.token = client.token;
    const code = await latestCode(getDb().db, server.keys, client.acsTransID);
    clock.advance(10 * 60_000 + 1000);
    await page.submit(holder.enetId, code);
    const cres = page.finalCRes();
    assert.equal(cres?.transStatus, 'N', 'the right code after the deadline is not a success');
    assertValidOutgoing(cres ?? {});
    assert.match(page.html, /時間切れ/);
    assert.equal((await client.creq()).status, 410);
    assert.deepEqual(await endings(client.acsTransID), [
      { from_state: 'challenge_in_progress', to_state: 'timed_out', detail: 'N/14/04' },
    ]);
    const rreq = await oneRReq(client.acsTransID);
    assert.deepEqual([rreq.transStatus, rreq.transStatusReason, rreq.challengeCancel], ['N', '14', '04']);
    assert.equal(await smsCount(client.acsTransID), 1, 'only the first CReq sent a code');
  });

  test('browser: a late CReq racing the sweeper → one ending, one RReq, no SMS', async () => {
    const holder = await cardholder();
    const clients = Array.from({ length: 5 }, () => new ChallengeClient(server.url));
    for (const client of clients) await client.areq(holder.pan);
    clock.advance(31_000);
    const answers = await Promise.all([
      ...clients.map((client) => client.creq()),
      server.server.sweeper.sweep(),
      ...clients.map((client) => client.creq()),
    ]);
    for (const answer of answers) if (typeof answer !== 'number') assert.equal(answer.status, 410);
    for (const client of clients) {
      assert.equal((await endings(client.acsTransID)).length, 1);
      assert.equal(await smsCount(client.acsTransID), 0);
      assert.equal((await oneRReq(client.acsTransID)).challengeCancel, '05');
    }
  });

  test('browser: the same CReq again re-renders; a different CReq for the open challenge gets Erro 305', async () => {
    const holder = await cardholder();
    const client = new ChallengeClient(server.url);
    await client.areq(holder.pan);
    assert.equal((await client.creq('05')).status, 200);
    assert.equal((await client.creq('05')).status, 200);
    assert.match(client.html, /name="token"/, 'a reload shows the page again');
    const other = await client.creq('02');
    assert.equal(other.status, 200);
    const erro = client.finalCRes();
    assert.equal(erro?.messageType, 'Erro');
    assert.equal(erro?.errorCode, '305');
    assert.equal(erro?.acsTransID, client.acsTransID);
    assertValidOutgoing(erro ?? {});
    const txn = await row(client.acsTransID);
    assert.deepEqual([txn.state, txn.challenge_window_size], ['challenge_in_progress', '05'], 'nothing changed');
    assert.equal(await smsCount(client.acsTransID), 1, 'no second SMS');
    await client.creq('05');
    await client.submit(holder.enetId, await latestCode(getDb().db, server.keys, client.acsTransID));
    assert.equal(client.finalCRes()?.transStatus, 'Y', 'the first CReq’s challenge still completes');
  });

  test('app: a first CReq 31 s after the ARes → Erro 402, N/14/05, one RReq, no SMS', async () => {
    const holder = await cardholder();
    const sdk = new AppSdkSimulator(server.url);
    await sdk.areq(holder.pan);
    clock.advance(31_000);
    const late = await sdk.creq();
    assert.equal(late.encrypted, true);
    assert.equal(late.message.errorCode, '402');
    assert.equal(await smsCount(sdk.acsTransID), 0);
    assert.deepEqual(await endings(sdk.acsTransID), [
      { from_state: 'challenge_issued', to_state: 'timed_out', detail: 'N/14/05' },
    ]);
    const rreq = await oneRReq(sdk.acsTransID);
    assert.deepEqual([rreq.transStatus, rreq.transStatusReason, rreq.challengeCancel], ['N', '14', '05']);
  });

  test('app: the deadline is 10 minutes after each CRes; a CReq after it → Erro 402, N/14/04', async () => {
    const holder = await cardholder();
    const sdk = new AppSdkSimulator(server.url);
    await sdk.areq(holder.pan);
    await sdk.creq();
    clock.advance(9 * 60_000);
    assert.equal((await sdk.creq({ challengeDataEntry: holder.enetId })).message.messageType, 'CRes');
    clock.advance(9 * 60_000);
    assert.equal(await server.server.sweeper.sweep(), 0, '18 minutes in, 9 after the last CRes: still open');
    const txn = await row(sdk.acsTransID);
    assert.equal(txn.state, 'challenge_in_progress');
    assert.equal(txn.deadline_at?.getTime(), clock.now().getTime() + 60_000, '10 minutes after the last CRes');
    clock.advance(60_000);
    const late = await sdk.creq({ challengeDataEntry: await latestCode(getDb().db, server.keys, sdk.acsTransID) });
    assert.equal(late.message.errorCode, '402', 'the right code after the deadline is not taken');
    assert.deepEqual(await endings(sdk.acsTransID), [
      { from_state: 'challenge_in_progress', to_state: 'timed_out', detail: 'N/14/04' },
    ]);
    const rreq = await oneRReq(sdk.acsTransID);
    assert.deepEqual([rreq.transStatus, rreq.transStatusReason, rreq.challengeCancel], ['N', '14', '04']);
  });

  test('app: no CReq for 10 minutes after a CRes → the sweeper sends N/14/04', async () => {
    const holder = await cardholder();
    const sdk = new AppSdkSimulator(server.url);
    await sdk.areq(holder.pan);
    await sdk.creq();
    clock.advance(5 * 60_000);
    await sdk.creq({ challengeDataEntry: holder.enetId });
    clock.advance(10 * 60_000 + 1000);
    assert.ok((await server.server.sweeper.sweep()) >= 1);
    const rreq = await ds.waitFor(sdk.acsTransID);
    assert.deepEqual([rreq.body.transStatusReason, rreq.body.challengeCancel], ['14', '04']);
    assert.deepEqual(await endings(sdk.acsTransID), [
      { from_state: 'challenge_in_progress', to_state: 'timed_out', detail: 'N/14/04' },
    ]);
  });
});
