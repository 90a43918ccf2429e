import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ChallengeClient } from '../support/challenge-client.ts';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { auditActions, freshMobile, PortalClient, registrationCodeFor, seedPortalMember } from './support.ts';

forEachDialect('portal phone registration and change', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb());
  });
  after(async () => {
    await server.close();
  });

  async function signedIn(enrolled: boolean) {
    const holder = await seedPortalMember(getDb().db, server.keys, { enrolled });
    const client = new PortalClient(server.url);
    await client.signIn(holder.enetId);
    return { holder, client };
  }

  test('register: terms consent + SMS code → bound (sms_otp), enrolled, consent, email, audit — one transaction', async () => {
    const { db } = getDb();
    const { holder, client } = await signedIn(false);
    const form = await client.get('/enet/phone');
    assert.equal(form.status, 200);
    assert.match(form.html, /電話番号の登録/);
    const version = /id="agree"[^>]*value="([^"]+)"/.exec(form.html)?.[1];
    assert.equal(version, 'terms_2024-05-31');
    const noTerms = await client.post('/enet/phone', { phone: holder.phone });
    assert.equal(noTerms.status, 400);
    assert.match(noTerms.html, /利用規約への同意が必要です/);
    const bad = await client.post('/enet/phone', { phone: '03-1234-5678', agree: version! });
    assert.match(bad.html, /日本の携帯電話番号/);
    const sent = await client.post('/enet/phone', { phone: holder.phone.replace('+81', '0'), agree: version! });
    assert.equal(sent.status, 303);
    const confirm = await client.follow(sent);
    assert.match(confirm.html, /autocomplete="one-time-code"/);
    assert.match(confirm.html, /inputmode="numeric"/);
    const code = await registrationCodeFor(db, server.keys, holder.phone);
    const wrong = await client.post('/enet/phone/confirm', { code: code === '000000' ? '111111' : '000000' });
    assert.match(wrong.html, /あと 4 回/);
    const done = await client.post('/enet/phone/confirm', { code });
    assert.equal(done.status, 303);
    assert.match((await client.follow(done)).html, /電話番号を登録しました/);
    const binding = await db
      .selectFrom('phone_bindings')
      .selectAll()
      .where('enet_id', '=', holder.enetId)
      .where('unbound_at', 'is', null)
      .executeTakeFirstOrThrow();
    assert.equal(binding.verified_by, 'sms_otp');
    assert.equal(binding.bound_by, `member:${holder.enetId}`);
    const member = await db
      .selectFrom('members')
      .selectAll()
      .where('enet_id', '=', holder.enetId)
      .executeTakeFirstOrThrow();
    assert.equal(member.enrollment, 'enrolled');
    const consent = await db.selectFrom('terms_consents').selectAll().where('enet_id', '=', holder.enetId).execute();
    assert.equal(consent.length, 1);
    assert.equal(consent[0]?.terms_version_id, 'terms_2024-05-31');
    const emails = await db
      .selectFrom('emails')
      .select('purpose')
      .where('to_address', '=', `${holder.enetId}@example.jp`)
      .execute();
    assert.ok(emails.some((e) => e.purpose === 'portal_phone_register'));
    const actions = await auditActions(db, holder.enetId);
    for (const a of [
      'portal.phone.code_sent',
      'phone.bind',
      'enrollment.phone_bound',
      'terms.accept',
      'portal.phone.registered',
    ])
      assert.ok(actions.includes(a), `audit ${a}`);
    // The same commit: the binding, the enrollment event and the audit rows share one timestamp.
    const events = await db.selectFrom('enrollment_events').select('at').where('enet_id', '=', holder.enetId).execute();
    assert.equal(new Date(events.at(-1)!.at).getTime(), new Date(binding.bound_at).getTime());
    const home = await client.get('/enet');
    assert.match(home.html, /登録済みです/);
    assert.match(home.html, /2024-05-31 版に同意済み/);
  });

  test('change: old number told by SMS, open challenge ended with RReq N/12, cooldown recorded, email', async () => {
    const { db } = getDb();
    const { holder, client } = await signedIn(true);
    await server.server.deps.ranges.load();
    const shopper = new ChallengeClient(server.url);
    const ares = await shopper.areq(holder.pan);
    assert.equal(ares.transStatus, 'C');
    await shopper.creq();
    const form = await client.get('/enet/phone');
    assert.match(form.html, /電話番号の変更/);
    // Provisioned by the issuer, this member has not accepted the terms yet: the change asks for it once.
    const version = /id="agree"[^>]*value="([^"]+)"/.exec(form.html)?.[1];
    assert.ok(version);
    const same = await client.post('/enet/phone', { phone: holder.phone, agree: version });
    assert.match(same.html, /現在登録されている番号と同じです/);
    const next = freshMobile();
    const sent = await client.post('/enet/phone', { phone: next, agree: version });
    assert.equal(sent.status, 303);
    await client.follow(sent);
    const code = await registrationCodeFor(db, server.keys, next);
    const done = await client.post('/enet/phone/confirm', { code });
    assert.equal(done.status, 303);
    assert.match((await client.follow(done)).html, /電話番号を変更しました/);
    const bindings = await db
      .selectFrom('phone_bindings')
      .selectAll()
      .where('enet_id', '=', holder.enetId)
      .orderBy('bound_at')
      .execute();
    assert.equal(bindings.length, 2);
    assert.equal(bindings[0]?.unbound_reason, 'changed');
    assert.equal(bindings[1]?.phone_mac, server.keys.mac('phone', next));
    assert.equal(bindings[1]?.unbound_at, null);
    const notice = await db
      .selectFrom('sms_messages')
      .select(['body_enc', 'purpose'])
      .where('to_mac', '=', server.keys.mac('phone', holder.phone))
      .where('purpose', '=', 'phone_changed')
      .executeTakeFirstOrThrow();
    assert.match(server.keys.decrypt(notice.body_enc, 'sms'), /電話番号が変更されました/);
    const txn = await db
      .selectFrom('transactions')
      .selectAll()
      .where('acs_trans_id', '=', shopper.acsTransID)
      .executeTakeFirstOrThrow();
    assert.equal(txn.trans_status, 'N');
    assert.equal(txn.trans_status_reason, '12');
    const rreq = await db
      .selectFrom('messages')
      .select('id')
      .where('acs_trans_id', '=', shopper.acsTransID)
      .where('message_type', '=', 'RReq')
      .execute();
    assert.equal(rreq.length, 1);
    const change = await db
      .selectFrom('phone_changes')
      .selectAll()
      .where('enet_id', '=', holder.enetId)
      .executeTakeFirstOrThrow();
    assert.equal(new Date(change.cooldown_until).getTime() - new Date(change.changed_at).getTime(), 24 * 3600_000);
    assert.equal(change.binding_id, bindings[1]?.id);
    const actions = await auditActions(db, holder.enetId);
    for (const a of ['phone.change', 'terms.accept', 'portal.phone.changed'])
      assert.ok(actions.includes(a), `audit ${a}`);
    const emails = await db
      .selectFrom('emails')
      .select('purpose')
      .where('to_address', '=', `${holder.enetId}@example.jp`)
      .execute();
    assert.ok(emails.some((e) => e.purpose === 'portal_phone_change'));
    const again = await client.get('/enet/phone');
    assert.doesNotMatch(again.html, /id="agree"/, 'consent is asked once per terms version');
  });

  test('five wrong codes end the attempt; resend honours the 60 s cooldown', async () => {
    const { db } = getDb();
    const { holder, client } = await signedIn(false);
    const form = await client.get('/enet/phone');
    const version = /id="agree"[^>]*value="([^"]+)"/.exec(form.html)?.[1] ?? '';
    await client.post('/enet/phone', { phone: holder.phone, agree: version });
    await client.get('/enet/phone/confirm');
    const resend = await client.post('/enet/phone/resend', { resend: '1' });
    assert.equal(resend.status, 429);
    assert.match(resend.html, /秒後から/);
    const code = await registrationCodeFor(db, server.keys, holder.phone);
    const wrong = code === '000000' ? '111111' : '000000';
    let last = await client.post('/enet/phone/confirm', { code: wrong });
    for (let i = 0; i < 4; i++) last = await client.post('/enet/phone/confirm', { code: wrong });
    assert.match(last.html, /5 回続いたため/);
    const late = await client.post('/enet/phone/confirm', { code });
    assert.notEqual(late.status, 303, 'the right code no longer works once the attempt is dead');
    const attempt = await db
      .selectFrom('phone_registration_attempts')
      .select(['status', 'failures'])
      .where('enet_id', '=', holder.enetId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(attempt, { status: 'dead', failures: 5 });
    const member = await db
      .selectFrom('members')
      .select('enrollment')
      .where('enet_id', '=', holder.enetId)
      .executeTakeFirstOrThrow();
    assert.equal(member.enrollment, 'not_enrolled');
  });
});
