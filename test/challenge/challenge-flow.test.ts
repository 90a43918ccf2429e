import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { validateMessage } from '../../src/protocol/validate.ts';
import { ChallengeClient, latestCode, wrongCode } from '../support/challenge-client.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

forEachDialect('browser challenge over HTTP', (getDb) => {
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

  async function started(version: '2.2.0' | '2.3.1' = '2.2.0') {
    const holder = await seedCardholder(getDb().db, server.keys);
    await server.server.deps.ranges.load();
    const client = new ChallengeClient(server.url);
    const ares = await client.areq(holder.pan, version);
    assert.equal(ares.transStatus, 'C');
    const res = await client.creq('05', version);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('set-cookie'), null, 'the challenge sets no cookies');
    assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors \*/);
    return { holder, client };
  }

  test('right e-net ID and code → Y: final CRes, RReq with ECI 05 and a CAVV the issuer API accepts', async () => {
    const { holder, client } = await started();
    const code = await latestCode(getDb().db, server.keys, client.acsTransID);
    await client.submit(holder.enetId, code);
    const cres = client.finalCRes();
    assert.equal(cres?.transStatus, 'Y');
    assert.equal(cres?.acsTransID, client.acsTransID);
    assert.deepEqual(
      validateMessage(cres!, {
        messageType: 'CRes',
        messageVersion: '2.2.0',
        context: { deviceChannel: '02', messageCategory: '01' },
      }),
      { ok: true },
    );
    const rreq = await ds.waitFor(client.acsTransID);
    assert.equal(rreq.body.transStatus, 'Y');
    assert.equal(rreq.body.eci, '05');
    assert.equal(rreq.body.authenticationValue?.length, 28);
    assert.deepEqual(
      validateMessage(rreq.body, {
        messageType: 'RReq',
        messageVersion: '2.2.0',
        context: { deviceChannel: '02', messageCategory: '01' },
      }),
      { ok: true },
    );
    const verify = await server.api('/api/v1/cavv/verify', {
      body: { pan: holder.pan, cavv: rreq.body.authenticationValue, eci: '05', acsTransID: client.acsTransID },
    });
    assert.deepEqual(await verify.json(), { valid: true, kind: 'authenticated', acsTransID: client.acsTransID });
    const wrongPan = await server.api('/api/v1/cavv/verify', {
      body: { pan: '4111111111111111', cavv: rreq.body.authenticationValue, eci: '05' },
    });
    assert.equal(((await wrongPan.json()) as { valid: boolean }).valid, false);
  });

  test('2.3.1: RReq carries X-Request-ID = acsTransID and authenticationMethod 02', async () => {
    const { holder, client } = await started('2.3.1');
    await client.submit(holder.enetId, await latestCode(getDb().db, server.keys, client.acsTransID));
    const rreq = await ds.waitFor(client.acsTransID);
    assert.equal(rreq.headers['x-request-id'], client.acsTransID);
    assert.deepEqual(rreq.body.authenticationMethod, ['02']);
  });

  test('five wrong submits → N/19; the right code afterwards changes nothing', async () => {
    const { holder, client } = await started();
    const code = await latestCode(getDb().db, server.keys, client.acsTransID);
    for (let i = 0; i < 4; i++) {
      await client.submit(holder.enetId, wrongCode(code));
      assert.match(client.html, new RegExp(`${4 - i}`));
    }
    await client.submit('someone-else', code); // right code, wrong e-net ID: still a failure
    assert.equal(client.finalCRes()?.transStatus, 'N');
    const rreq = await ds.waitFor(client.acsTransID);
    assert.equal(rreq.body.transStatusReason, '19');
    await client.submit(holder.enetId, code);
    assert.equal(ds.forTransaction(client.acsTransID).length, 1, 'exactly one RReq');
  });

  test('cancel → N with challengeCancel 01', async () => {
    const { client } = await started();
    await client.cancel();
    assert.equal(client.finalCRes()?.transStatus, 'N');
    const rreq = await ds.waitFor(client.acsTransID);
    assert.equal(rreq.body.challengeCancel, '01');
  });

  test('re-posting the same CReq re-renders without sending another SMS; a used CReq is refused', async () => {
    const { holder, client } = await started();
    await client.creq();
    await client.creq();
    const sent = await getDb()
      .db.selectFrom('sms_messages')
      .select('id')
      .where('acs_trans_id', '=', client.acsTransID)
      .execute();
    assert.equal(sent.length, 1);
    await client.submit(holder.enetId, await latestCode(getDb().db, server.keys, client.acsTransID));
    const replay = await client.creq();
    assert.equal(replay.status, 409);
  });

  test('resend: 60 s cooldown, at most 3 sends, failures are never reset, old code dies', async () => {
    const { holder, client } = await started();
    const first = await latestCode(getDb().db, server.keys, client.acsTransID);
    await client.submit(holder.enetId, wrongCode(first));
    await client.resend();
    assert.match(client.html, /role="(alert|status)"/);
    let sends = await getDb()
      .db.selectFrom('sms_messages')
      .select('id')
      .where('acs_trans_id', '=', client.acsTransID)
      .execute();
    assert.equal(sends.length, 1, 'cooldown refused the resend');
    clock.advance(61_000);
    await client.resend();
    clock.advance(61_000);
    await client.resend();
    clock.advance(61_000);
    await client.resend();
    sends = await getDb()
      .db.selectFrom('sms_messages')
      .select('id')
      .where('acs_trans_id', '=', client.acsTransID)
      .execute();
    assert.equal(sends.length, 3, 'at most three sends per transaction');
    const txn = await getDb()
      .db.selectFrom('transactions')
      .select('otp_failures')
      .where('acs_trans_id', '=', client.acsTransID)
      .executeTakeFirstOrThrow();
    assert.equal(txn.otp_failures, 1);
    await client.submit(holder.enetId, first);
    assert.equal(client.finalCRes(), undefined, 'the superseded code does not authenticate');
    await client.submit(holder.enetId, await latestCode(getDb().db, server.keys, client.acsTransID));
    assert.equal(client.finalCRes()?.transStatus, 'Y');
  });

  test('a code from one transaction fails on another', async () => {
    const a = await started();
    const b = await started();
    const codeA = await latestCode(getDb().db, server.keys, a.client.acsTransID);
    const codeB = await latestCode(getDb().db, server.keys, b.client.acsTransID);
    if (codeA !== codeB) {
      await b.client.submit(b.holder.enetId, codeA);
      assert.equal(b.client.finalCRes(), undefined);
    }
  });

  test('an expired code is refused with its own message', async () => {
    const { holder, client } = await started();
    const code = await latestCode(getDb().db, server.keys, client.acsTransID);
    clock.advance(server.config.OTP_TTL_SECONDS * 1000 + 1000);
    await client.submit(holder.enetId, code);
    assert.equal(client.finalCRes(), undefined);
    assert.match(client.html, /role="alert"/);
  });

  test('no first CReq within 30 s → timed out: RReq N/14 with challengeCancel 05', async () => {
    const holder = await seedCardholder(getDb().db, server.keys);
    await server.server.deps.ranges.load();
    const client = new ChallengeClient(server.url);
    await client.areq(holder.pan);
    clock.advance(31_000);
    await server.server.sweeper.sweep();
    const rreq = await ds.waitFor(client.acsTransID);
    assert.equal(rreq.body.transStatusReason, '14');
    assert.equal(rreq.body.challengeCancel, '05');
    const late = await client.creq();
    assert.equal(late.status, 410);
  });

  test('50 simultaneous submits of the right code → exactly one success and one RReq', async () => {
    const { holder, client } = await started();
    const code = await latestCode(getDb().db, server.keys, client.acsTransID);
    const token = client.token;
    const results = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const c = new ChallengeClient(server.url);
        c.token = token;
        await c.submit(holder.enetId, code);
        return c.finalCRes()?.transStatus;
      }),
    );
    assert.ok(results.filter((r) => r === 'Y').length >= 1);
    const used = await getDb()
      .db.selectFrom('otp_codes')
      .select('used_at')
      .where('subject', '=', client.acsTransID)
      .execute();
    assert.equal(used.filter((u) => u.used_at !== null).length, 1);
    await ds.waitFor(client.acsTransID);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(ds.forTransaction(client.acsTransID).length, 1);
  });
});
