import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ChallengeClient } from '../support/challenge-client.ts';
import { forEachDialect } from '../support/databases.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { auditActions, PortalClient, registrationCodeFor, seedPortalMember } from './support.ts';

forEachDialect('portal lost/stolen lock and unregistration', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb(), { env: { ISSUER_CALL_CENTRE: '0120-123-456' } });
  });
  after(async () => {
    await server.close();
  });

  async function smsCount(): Promise<number> {
    const row = await getDb()
      .db.selectFrom('sms_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  test('lost/stolen: locked at once, open challenge ended, other sessions revoked, call centre shown; AReq → N/12, no SMS', async () => {
    const { db } = getDb();
    const holder = await seedPortalMember(db, server.keys);
    await server.server.deps.ranges.load();
    const shopper = new ChallengeClient(server.url);
    await shopper.areq(holder.pan);
    await shopper.creq();
    const phoneA = new PortalClient(server.url);
    const phoneB = new PortalClient(server.url);
    await phoneB.signIn(holder.enetId);
    await phoneA.signIn(holder.enetId);
    const page = await phoneA.get('/enet/lost');
    assert.equal(page.status, 200);
    assert.match(page.html, /紛失・盗難を届け出て、サービスを停止する/);
    const smsBefore = await smsCount();
    const done = await phoneA.post('/enet/lost', { confirm: '1' });
    assert.equal(done.status, 303);
    const shown = await phoneA.follow(done);
    assert.match(shown.html, /本人認証サービスを停止しました/);
    assert.match(shown.html, /0120-123-456/);
    const member = await db
      .selectFrom('members')
      .selectAll()
      .where('enet_id', '=', holder.enetId)
      .executeTakeFirstOrThrow();
    assert.equal(member.enrollment, 'locked');
    assert.equal(member.enrollment_reason, 'lost_stolen');
    const txn = await db
      .selectFrom('transactions')
      .selectAll()
      .where('acs_trans_id', '=', shopper.acsTransID)
      .executeTakeFirstOrThrow();
    assert.equal(txn.state === 'failed' || txn.state === 'result_sent' || txn.state === 'result_acknowledged', true);
    assert.equal(txn.trans_status_reason, '12');
    assert.equal((await phoneB.get('/enet')).location, '/enet/login', 'the other session was revoked');
    assert.equal((await phoneA.get('/enet')).status, 200, 'the reporting session stays to show the instructions');
    const event = await db
      .selectFrom('enrollment_events')
      .selectAll()
      .where('enet_id', '=', holder.enetId)
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(event.to_state, 'locked');
    assert.equal(event.actor, `member:${holder.enetId}`);
    const audit = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_id', '=', holder.enetId)
      .where('action', '=', 'portal.lost_stolen_reported')
      .executeTakeFirstOrThrow();
    assert.equal(new Date(audit.at).getTime(), new Date(event.at).getTime(), 'audit and history in one transaction');
    assert.deepEqual((audit.after as { sessionsEnded: number; challengesEnded: number }).sessionsEnded, 1);
    // An AReq for this member now: not challenged, no SMS.
    const { json } = await postAReq(server.url, browserAReq(holder.pan));
    assert.equal(json.transStatus, 'N');
    assert.equal(json.transStatusReason, '12');
    assert.equal(await smsCount(), smsBefore, 'no SMS after the lock');
    const again = await phoneA.get('/enet/lost');
    assert.match(again.html, /すでに届出を受け付けています/);
    const phoneForm = await phoneA.get('/enet/phone');
    assert.match(phoneForm.html, /電話番号の登録・変更はできません/, 'only an operator lifts the lock');
  });

  test('unregister (member request) then register again', async () => {
    const { db } = getDb();
    const holder = await seedPortalMember(db, server.keys);
    const client = new PortalClient(server.url);
    await client.signIn(holder.enetId);
    const page = await client.get('/enet/unregister');
    assert.match(page.html, /登録を解除する/);
    const done = await client.post('/enet/unregister', { confirm: '1' });
    assert.equal(done.status, 303);
    assert.match((await client.follow(done)).html, /登録を解除しました/);
    const member = await db
      .selectFrom('members')
      .selectAll()
      .where('enet_id', '=', holder.enetId)
      .executeTakeFirstOrThrow();
    assert.deepEqual([member.enrollment, member.enrollment_reason], ['deregistered', 'member_request']);
    const binding = await db
      .selectFrom('phone_bindings')
      .selectAll()
      .where('enet_id', '=', holder.enetId)
      .executeTakeFirstOrThrow();
    assert.ok(binding.unbound_at, 'the binding ended');
    assert.equal(binding.unbound_reason, 'enrollment:member_request');
    const home = await client.get('/enet');
    assert.match(home.html, /いつでも登録し直せます/);
    const form = await client.get('/enet/phone');
    const version = /id="agree"[^>]*value="([^"]+)"/.exec(form.html)?.[1] ?? '';
    await client.follow(await client.post('/enet/phone', { phone: holder.phone, agree: version }));
    const code = await registrationCodeFor(db, server.keys, holder.phone);
    const ok = await client.post('/enet/phone/confirm', { code });
    assert.equal(ok.status, 303);
    const after = await db
      .selectFrom('members')
      .select('enrollment')
      .where('enet_id', '=', holder.enetId)
      .executeTakeFirstOrThrow();
    assert.equal(after.enrollment, 'enrolled');
    const actions = await auditActions(db, holder.enetId);
    for (const a of ['enrollment.member_unregistered', 'portal.unregistered', 'phone.bind', 'enrollment.phone_bound'])
      assert.ok(actions.includes(a), `audit ${a}`);
  });
});
