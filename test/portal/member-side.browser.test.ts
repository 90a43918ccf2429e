import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { requestCooperation } from '../../src/features/investigations/service/cooperation.ts';
import { recordDecision } from '../../src/features/investigations/service/decisions.ts';
import { assignCase } from '../../src/features/investigations/service/facts.ts';
import { type CaseWorld, caseWorld, memberDelivery, recordPurchase, reportedCase } from '../investigations/support.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import type { SeededCardholder } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { PASSWORD, seedPortalMember } from './support.ts';

/** Issue #18 items 12, 13 and 15 in Chromium on a phone: one reference, the cooperation request, why deregistered. */
describe(`the member side of a fraud case in Chromium [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let holder: SeededCardholder;
  let w: CaseWorld;
  let reference = '';
  let caseId = '';

  before(async () => {
    database = await createTestDatabase(primaryDialect());
    server = await startTestServer(database, { publicHost: 'localhost', env: { ISSUER_CALL_CENTRE: '0120-555-018' } });
    w = await caseWorld(database, new Date().toISOString());
    holder = await seedPortalMember(database.db, server.keys);
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 390, height: 844 }, isMobile: true });
    page = await context.newPage();
    await page.goto(`${server.url}/enet/login`);
    await page.getByLabel('e-net サービス ID').fill(holder.enetId);
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('heading', { name: 'ホーム' }).waitFor();
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  test('item 12: the receipt, the case list and the case page carry one reference', async () => {
    const id = await recordPurchase(database.db, server.keys, holder, {
      merchant: 'テスト書店',
      amount: '3980',
      at: new Date(Date.now() - 86_400_000),
    });
    await page.goto(`${server.url}/enet/fraud/new`);
    await page.locator(`input[name=txn][value="${id}"]`).check();
    await page.locator('#description').fill('明細に覚えのない請求がありました。');
    await page.getByRole('button', { name: '届け出る' }).click();
    reference = (await page.locator('#reference').textContent())?.trim() ?? '';
    assert.match(reference, /^FR-\d{4}-\d{6}$/);
    await page.getByRole('link', { name: '調査の状況を見る' }).click();
    assert.equal((await page.locator('#case-reference').textContent())?.trim(), reference);
    caseId = /\/enet\/fraud\/cases\/([^?#/]+)/.exec(page.url())?.[1] ?? '';
    assert.ok(caseId);
    assert.doesNotMatch((await page.locator('main').textContent()) ?? '', /INV-/);
    await page.goto(`${server.url}/enet/fraud`);
    assert.equal(await page.getByRole('link', { name: reference }).count(), 1);
  });

  test('item 13: the cooperation request is on the home page and in the menu with its deadline until answered', async () => {
    await assignCase(w.deps, w.alice, caseId, w.alice.id);
    const { dueOn } = await requestCooperation(w.deps, w.alice, caseId, {
      question: '購入時、携帯電話はお手元にありましたか。',
      dueOn: '',
    });
    const [y, m, d] = dueOn.split('-').map(Number);
    await page.goto(`${server.url}/enet`);
    const box = page.locator('#cooperation-request');
    await box.waitFor();
    const text = (await box.textContent()) ?? '';
    assert.ok(text.includes(reference));
    assert.ok(text.includes(`回答期限: ${y}年${m}月${d}日（日本時間）`), text);
    assert.match(text, /規約第5条第3項第3号/);
    assert.match((await page.locator('#nav-cooperation').textContent()) ?? '', /調査へのご回答のお願い（1件）/);
    await screenshot(page, 'portal-home-cooperation');

    await page.goto(`${server.url}/enet?lang=en`);
    assert.match((await page.locator('#cooperation-request').textContent()) ?? '', /Answer by: .*\(Japan time\)/);
    await page.goto(`${server.url}/enet`);

    await page.getByRole('link', { name: '質問を読んで回答する' }).click();
    await page.locator('#cooperation textarea').fill('手元にありました。誰にも貸していません。');
    await page.locator('#cooperation button[type=submit]').click();
    await page.locator('#answered').waitFor();
    await page.goto(`${server.url}/enet`);
    await page.getByRole('heading', { name: 'ホーム' }).waitFor();
    assert.equal(await page.locator('#cooperation-request').count(), 0);
    assert.equal(await page.locator('#nav-cooperation').count(), 0);
  });

  test('item 14: the decision links its clause to the numbered terms, anchored at the item', async () => {
    const { caseId: decided } = await reportedCase(
      w,
      database.db,
      [{ merchant: 'Example Shop', amount: '3000' }],
      holder,
    );
    await memberDelivery(w, decided);
    await recordDecision(w.deps, w.alice, decided, {
      outcome: 'not_waived',
      reasons: 'goods went to the member’s home',
      overrideReason: '',
    });
    await page.goto(`${server.url}/enet/fraud/cases/${decided}`);
    await page.locator('#decision-text').waitFor();
    await page.locator('#decision-text').getByRole('link', { name: '規約第5条第3項第6号' }).click();
    await page.waitForURL(/\/enet\/terms#art-5-3-6$/);
    const item = page.locator('#art-5-3-6');
    assert.ok(await item.isVisible());
    assert.match((await item.textContent()) ?? '', /（６）商品の送り先/);
    assert.equal(await page.locator(':target').getAttribute('id'), 'art-5-3-6');
    assert.match((await page.locator('#art-5-h').textContent()) ?? '', /第5条（認証情報の管理と不正利用）/);
    await screenshot(page, 'portal-terms-art-5-3-6');
  });

  test('item 15: deregistered by the issuer, the home page names the clause and the number to call', async () => {
    await database.db
      .updateTable('members')
      .set({ enrollment: 'deregistered', enrollment_reason: '8-1-1' })
      .where('enet_id', '=', holder.enetId)
      .execute();
    await page.goto(`${server.url}/enet`);
    const why = page.locator('#issuer-reason');
    await why.waitFor();
    const text = (await why.textContent()) ?? '';
    assert.match(text, /カードの会員資格が終了したため（規約第8条第1項第1号）/);
    assert.match(text, /0120-555-018/);
    await screenshot(page, 'portal-home-deregistered-8-1-1');
  });
});
