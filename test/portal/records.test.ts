import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { ChallengeClient, latestCode } from '../support/challenge-client.ts';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { auditActions, PortalClient, seedPortalMember } from './support.ts';

forEachDialect('portal history, fraud report and terms', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb());
  });
  after(async () => {
    await server.close();
  });

  /** One authenticated and one cancelled purchase for the member. */
  async function purchases(pan: string, enetId: string) {
    await server.server.deps.ranges.load();
    const ok = new ChallengeClient(server.url);
    await ok.areq(pan, '2.2.0', {
      merchantName: 'テスト書店',
      purchaseAmount: '129800',
      purchaseCurrency: '392',
      purchaseExponent: '0',
    });
    await ok.creq();
    await ok.submit(enetId, await latestCode(getDb().db, server.keys, ok.acsTransID));
    const cancelled = new ChallengeClient(server.url);
    await cancelled.areq(pan, '2.2.0', { merchantName: '<script>alert(1)</script>Shop' });
    await cancelled.creq();
    await cancelled.cancel();
    return { ok: ok.acsTransID, cancelled: cancelled.acsTransID };
  }

  test('history newest first with results; fraud report stored with reference, receipt email and audit', async () => {
    const { db } = getDb();
    const holder = await seedPortalMember(db, server.keys);
    const ids = await purchases(holder.pan, holder.enetId);
    const client = new PortalClient(server.url);
    await client.signIn(holder.enetId);
    const history = await client.get('/enet/history');
    assert.equal(history.status, 200);
    const order = [...history.html.matchAll(/data-acs-trans-id="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(order, [ids.cancelled, ids.ok]);
    assert.match(history.html, /認証成功/);
    assert.match(history.html, /キャンセル/);
    assert.match(history.html, /¥129,800/);
    assert.match(history.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;Shop/);
    assert.doesNotMatch(history.html, /<script>alert/);
    const form = await client.get(`/enet/fraud/new?txn=${ids.cancelled}`);
    assert.match(form.html, new RegExp(`value="${ids.cancelled}" checked`));
    const empty = await client.post('/enet/fraud', { noticedOn: '2026-01-01', description: 'x', contact: 'email' });
    assert.equal(empty.status, 400);
    assert.match(empty.html, /対象のお取引を選んでください/);
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
    const sent = await client.post('/enet/fraud', {
      txn: [ids.cancelled, ids.ok],
      noticedOn: today,
      description: '明細に覚えのない請求がありました。',
      contact: 'phone',
    });
    assert.equal(sent.status, 303);
    const receipt = await client.follow(sent);
    const reference = /id="reference">([^<]+)</.exec(receipt.html)?.[1];
    assert.match(reference ?? '', /^FR-\d{4}-\d{6}$/);
    const report = await db
      .selectFrom('fraud_reports')
      .selectAll()
      .where('enet_id', '=', holder.enetId)
      .executeTakeFirstOrThrow();
    assert.equal(report.reference, reference);
    assert.equal(report.status, 'reported');
    assert.equal(report.contact_preference, 'phone');
    assert.ok(Math.abs(new Date(report.reported_at).getTime() - Date.now()) < 60_000);
    const linked = await db
      .selectFrom('fraud_report_transactions')
      .select('acs_trans_id')
      .where('report_id', '=', report.id)
      .execute();
    assert.deepEqual(linked.map((l) => l.acs_trans_id).sort(), [ids.cancelled, ids.ok].sort());
    const email = await db
      .selectFrom('emails')
      .selectAll()
      .where('purpose', '=', 'portal_fraud_report')
      .where('to_address', '=', `${holder.enetId}@example.jp`)
      .executeTakeFirstOrThrow();
    assert.match(email.text_body, new RegExp(reference!));
    assert.ok((await auditActions(db, holder.enetId)).includes('portal.fraud_report'));
    const other = await seedPortalMember(db, server.keys);
    const stranger = new PortalClient(server.url);
    await stranger.signIn(other.enetId);
    assert.equal((await stranger.get(`/enet/fraud/${report.id}`)).status, 404, 'a report is only its member’s');
    await stranger.get('/enet/fraud/new');
    const foreign = await stranger.post('/enet/fraud', {
      txn: ids.ok,
      noticedOn: today,
      description: 'x',
      contact: 'email',
    });
    assert.match(foreign.html, /選んだお取引が見つかりません/);
  });

  test('history pages 20 at a time, newest first', async () => {
    const { db } = getDb();
    const holder = await seedPortalMember(db, server.keys);
    const base = Date.now() - 3600_000;
    await db
      .insertInto('transactions')
      .values(
        Array.from({ length: 23 }, (_, i) => ({
          acs_trans_id: randomUUID(),
          three_ds_server_trans_id: randomUUID(),
          message_version: '2.2.0',
          device_channel: '02',
          message_category: '01',
          enet_id: holder.enetId,
          state: 'result_acknowledged',
          trans_status: 'Y',
          authentication_type: '02',
          merchant_name: `店舗${String(i).padStart(2, '0')}`,
          created_at: new Date(base + i * 1000),
          updated_at: new Date(base + i * 1000),
        })),
      )
      .execute();
    const client = new PortalClient(server.url);
    await client.signIn(holder.enetId);
    const first = await client.get('/enet/history');
    assert.equal([...first.html.matchAll(/data-acs-trans-id=/g)].length, 20);
    assert.match(first.html, /店舗22[\s\S]*店舗03/);
    assert.match(first.html, /href="\/enet\/history\?page=2"/);
    const second = await client.get('/enet/history?page=2');
    assert.equal([...second.html.matchAll(/data-acs-trans-id=/g)].length, 3);
    assert.match(second.html, /店舗02[\s\S]*店舗00/);
    assert.doesNotMatch(second.html, /page=3/);
  });

  test('terms: read, accept, see when; a newer version asks again', async () => {
    const { db } = getDb();
    const holder = await seedPortalMember(db, server.keys);
    const client = new PortalClient(server.url);
    await client.signIn(holder.enetId);
    const page = await client.get('/enet/terms');
    assert.match(page.html, /2024-05-31 版/);
    assert.match(page.html, /まだ同意いただいていません/);
    const stale = await client.post('/enet/terms/accept', { version: 'terms_1999', agree: '1' });
    assert.equal(stale.status, 409);
    const ok = await client.post('/enet/terms/accept', { version: 'terms_2024-05-31', agree: '1' });
    assert.equal(ok.status, 303);
    const after = await client.follow(ok);
    assert.match(after.html, /同意を記録しました/);
    assert.match(after.html, /2024-05-31 版に .* に同意いただいています/);
    await db
      .insertInto('terms_versions')
      .values({
        id: 'terms_test_next',
        version: '2099-01-01',
        title: '改定版',
        body: '改定された本文',
        published_at: new Date(Date.now() - 2000),
        effective_at: new Date(Date.now() - 1000),
      })
      .execute();
    const home = await client.get('/enet');
    assert.match(home.html, /最新の利用規約（2099-01-01 版）/);
    await client.get('/enet/terms');
    await client.post('/enet/terms/accept', { version: 'terms_test_next', agree: '1' });
    const consents = await db
      .selectFrom('terms_consents')
      .select('terms_version_id')
      .where('enet_id', '=', holder.enetId)
      .execute();
    assert.deepEqual(consents.map((c) => c.terms_version_id).sort(), ['terms_2024-05-31', 'terms_test_next']);
    assert.equal((await auditActions(db, holder.enetId)).filter((a) => a === 'terms.accept').length, 2);
    await db.deleteFrom('terms_consents').where('terms_version_id', '=', 'terms_test_next').execute();
    await db.deleteFrom('terms_versions').where('id', '=', 'terms_test_next').execute();
  });
});
