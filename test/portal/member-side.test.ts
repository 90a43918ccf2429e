import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { answerAsMember, requestCooperation } from '../../src/features/investigations/service/cooperation.ts';
import { recordDecision } from '../../src/features/investigations/service/decisions.ts';
import { assignCase } from '../../src/features/investigations/service/facts.ts';
import { memberCase, memberCases } from '../../src/features/investigations/service/member-view.ts';
import { splitCitations } from '../../src/features/terms/articles.ts';
import { type CaseWorld, caseWorld, memberDelivery, reportedCase } from '../investigations/support.ts';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { PortalClient, seedPortalMember } from './support.ts';

/** Issue #18 items 12, 13 and 15 at the request level: one reference, open cooperation requests, why deregistered. */
forEachDialect('the member side of a fraud case', (getDb) => {
  let server: TestServer;
  let w: CaseWorld;
  before(async () => {
    server = await startTestServer(getDb(), { env: { ISSUER_CALL_CENTRE: '0120-555-018' } });
    w = await caseWorld(getDb(), new Date().toISOString());
  });
  after(async () => {
    await server.close();
  });

  test('item 12: the member sees the receipt reference everywhere; INV- stays with staff', async () => {
    const { db } = getDb();
    const holder = await seedPortalMember(db, server.keys);
    const { caseId, reference: staffRef } = await reportedCase(
      w,
      db,
      [{ merchant: 'テスト書店', amount: '3520' }],
      holder,
    );
    assert.match(staffRef, /^INV-/);
    const report = await db
      .selectFrom('fraud_reports')
      .select(['id', 'reference'])
      .where('enet_id', '=', holder.enetId)
      .executeTakeFirstOrThrow();
    assert.match(report.reference, /^FR-\d{4}-\d{6}$/);
    assert.equal((await memberCase(db, holder.enetId, caseId))?.reference, report.reference);
    assert.deepEqual(
      (await memberCases(db, holder.enetId)).map((c) => c.reference),
      [report.reference],
    );

    const portal = new PortalClient(server.url);
    await portal.follow(await portal.signIn(holder.enetId));
    for (const path of [`/enet/fraud/${report.id}`, '/enet/fraud', `/enet/fraud/cases/${caseId}`]) {
      const page = await portal.get(path);
      assert.equal(page.status, 200, path);
      assert.ok(page.html.includes(report.reference), `${path} shows ${report.reference}`);
      assert.ok(!page.html.includes(staffRef), `${path} does not show ${staffRef}`);
    }

    await assignCase(w.deps, w.alice, caseId, w.alice.id);
    await requestCooperation(w.deps, w.alice, caseId, { question: '購入時に携帯電話をお持ちでしたか。', dueOn: '' });
    const mails = await db
      .selectFrom('emails')
      .select(['subject', 'text_body'])
      .where('to_address', '=', `${holder.enetId}@example.jp`)
      .orderBy('created_at')
      .execute();
    assert.ok(mails.length >= 2, 'receipt and cooperation request');
    for (const m of mails) {
      assert.ok(`${m.subject}\n${m.text_body}`.includes(report.reference), m.subject);
      assert.ok(!`${m.subject}\n${m.text_body}`.includes(staffRef), m.subject);
    }
  });

  test('item 13: an open cooperation request shows on the home page and in the menu with its JST deadline, until answered', async () => {
    const { db } = getDb();
    const holder = await seedPortalMember(db, server.keys);
    const { caseId } = await reportedCase(w, db, [{ merchant: 'Example Electronics', amount: '12800' }], holder);
    const portal = new PortalClient(server.url);
    await portal.follow(await portal.signIn(holder.enetId));
    assert.ok(!(await portal.get('/enet')).html.includes('id="cooperation-request"'), 'nothing asked yet');

    await assignCase(w.deps, w.alice, caseId, w.alice.id);
    const { requestId, dueOn } = await requestCooperation(w.deps, w.alice, caseId, {
      question: 'お届け先の住所に心当たりはありますか。',
      dueOn: '',
    });
    const [y, m, d] = dueOn.split('-').map(Number);
    const home = (await portal.get('/enet')).html;
    assert.match(home, /id="cooperation-request"/);
    assert.ok(home.includes(`${y}年${m}月${d}日（日本時間）`), 'the deadline in JST');
    assert.ok(home.includes(`href="/enet/fraud/cases/${caseId}"`), 'a link to answer');
    assert.ok(home.includes('規約第5条第3項第3号'));
    assert.match(home, /id="nav-cooperation"[^>]*>調査へのご回答のお願い（1件）/);
    assert.match((await portal.get('/enet/history')).html, /id="nav-cooperation"/, 'the menu on every page');
    const en = (await portal.get('/enet?lang=en')).html;
    assert.ok(en.includes(`${dueOn} (Japan time)`));

    const answered = await answerAsMember(
      w.deps,
      holder.enetId,
      caseId,
      { requestId, answer: 'ありません。' },
      { requestId: 'test' },
    );
    assert.ok(answered.ok);
    const after = (await portal.get('/enet')).html;
    assert.ok(!after.includes('id="cooperation-request"'));
    assert.ok(!after.includes('id="nav-cooperation"'));
  });

  test('item 15: after deregistration by the issuer the home says which clause and whom to call', async () => {
    const { db } = getDb();
    for (const [reason, words] of [
      ['8-1-1', 'カードの会員資格が終了したため（規約第8条第1項第1号）'],
      ['8-1-2', 'e-net サービスのご登録が削除されたため（規約第8条第1項第2号）'],
      ['8-1-5', '当社が判断したため（規約第8条第1項第5号）'],
    ] as const) {
      const holder = await seedPortalMember(db, server.keys);
      await db
        .updateTable('members')
        .set({ enrollment: 'deregistered', enrollment_reason: reason })
        .where('enet_id', '=', holder.enetId)
        .execute();
      const portal = new PortalClient(server.url);
      await portal.follow(await portal.signIn(holder.enetId));
      const home = (await portal.get('/enet')).html;
      assert.match(home, new RegExp(`id="issuer-reason" data-clause="${reason}"`));
      assert.ok(home.includes(words), reason);
      assert.ok(home.includes('0120-555-018'), 'the issuer contact from config');
      if (reason === '8-1-1') assert.ok((await portal.get('/enet?lang=en')).html.includes('terms art. 8-1-1'));
    }
    // the member's own unregistration is not the issuer's: no clause
    const own = await seedPortalMember(db, server.keys);
    await db
      .updateTable('members')
      .set({ enrollment: 'deregistered', enrollment_reason: 'member_request' })
      .where('enet_id', '=', own.enetId)
      .execute();
    const portal = new PortalClient(server.url);
    await portal.follow(await portal.signIn(own.enetId));
    assert.ok(!(await portal.get('/enet')).html.includes('id="issuer-reason"'));
  });

  test('item 14: the terms carry anchors per article, paragraph and item; the decision links each cited clause', async () => {
    const { db } = getDb();
    assert.deepEqual(splitCitations('理由：規約第5条第3項第6号 と Terms art. 8-1-1、規約第99条'), [
      '理由：',
      { text: '規約第5条第3項第6号', anchor: 'art-5-3-6' },
      ' と ',
      { text: 'Terms art. 8-1-1', anchor: 'art-8-1-1' },
      '、規約第99条',
    ]);
    const holder = await seedPortalMember(db, server.keys);
    const portal = new PortalClient(server.url);
    await portal.follow(await portal.signIn(holder.enetId));
    const terms = (await portal.get('/enet/terms')).html;
    for (const id of ['art-5', 'art-5-3', 'art-5-3-1', 'art-5-3-9', 'art-8-1-2', 'art-11-2', 'art-12-2-2'])
      assert.match(terms, new RegExp(`id="${id}"`), id);
    assert.match(terms, /第5条（認証情報の管理と不正利用）/);
    const publicTerms = (await portal.get('/notices/terms/terms_2024-05-31')).html;
    assert.match(publicTerms, /id="art-5-3-6"/);

    const { caseId } = await reportedCase(w, db, [{ merchant: 'テスト書店', amount: '3000' }], holder);
    await memberDelivery(w, caseId);
    await recordDecision(w.deps, w.alice, caseId, {
      outcome: 'not_waived',
      reasons: 'goods went to the member’s home',
      overrideReason: '',
    });
    const page = (await portal.get(`/enet/fraud/cases/${caseId}`)).html;
    assert.match(page, /<a href="\/enet\/terms#art-5-3-6" class="cite">規約第5条第3項第6号<\/a>/);
    const en = (await portal.get(`/enet/fraud/cases/${caseId}?lang=en`)).html;
    assert.match(en, /<a href="\/enet\/terms\?lang=en#art-5-3-6" class="cite">Terms art. 5-3-6<\/a>/);
  });
});
