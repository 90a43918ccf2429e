import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ManualClock } from '../../src/core/clock.ts';
import { stopPeriodLine } from '../../src/features/operations/service/notice-texts.ts';
import { endWindow, scheduleMaintenance, startEmergencyStop } from '../../src/features/operations/service/windows.ts';
import { PASSWORD, seedPortalMember } from '../portal/support.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import type { SeededCardholder } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Issue #18 items 9–11 in Chromium: the period in the notice, the resumed notice, the /notices frame and feed. */
describe(`honest notices in Chromium [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let holder: SeededCardholder;
  const clock = new ManualClock(new Date());
  const text = {
    title: '定期メンテナンス',
    titleEn: 'Scheduled maintenance',
    body: '作業を行います。',
    bodyEn: 'Work.',
  };

  before(async () => {
    database = await createTestDatabase(primaryDialect());
    server = await startTestServer(database, { clock, publicHost: 'localhost' });
    await server.server.operations.stop(); // ticks below are explicit
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

  test('items 9 and 11: the notice gives the period from the window; /notices wears the portal header, links and feed', async () => {
    const startsAt = new Date(Math.ceil((clock.now().getTime() + 3 * 3600_000) / 3600_000) * 3600_000);
    const endsAt = new Date(startsAt.getTime() + 2 * 3600_000);
    await scheduleMaintenance(
      { db: database.db, clock },
      { ...text, scope: 'all', startsAt, endsAt, noticeHours: 24 },
      'test',
    );
    await server.server.operations.tick();
    await page.goto(`${server.url}/notices`);
    await page.getByRole('heading', { level: 1, name: '本人認証サービスからのお知らせ' }).waitFor();
    const announcement = page.locator('section[data-kind=maintenance]').first();
    assert.match((await announcement.textContent()) ?? '', new RegExp(stopPeriodLine(startsAt, endsAt, 'ja')));
    assert.match((await page.locator('header.top').textContent()) ?? '', /ninsho カード/);
    assert.equal(await page.locator('head link[rel=alternate][type="application/atom+xml"]').count(), 1);
    await screenshot(page, 'notices-maintenance-period');

    const feed = await page.request.get(`${server.url}/notices/feed.atom`);
    assert.ok((await feed.text()).includes(stopPeriodLine(startsAt, endsAt, 'ja')), 'the same period in the feed');

    await page.getByRole('link', { name: '本人認証サービス利用規約（全文）' }).click();
    await page.locator('#terms-body').waitFor();
    await page.goBack();
    await page.getByRole('link', { name: 'e-net サービス（会員ページ）へ' }).click();
    await page.getByRole('heading', { name: 'ホーム' }).waitFor();

    // English, once
    await page.goto(`${server.url}/notices?lang=en`);
    await page.getByRole('heading', { level: 1, name: 'Notices from the authentication service' }).waitFor();
    assert.match(
      (await page.locator('section[data-kind=maintenance]').first().textContent()) ?? '',
      /Service paused: \d{4}-\d{2}-\d{2} \d{2}:\d{2} – .*JST/,
    );
    assert.equal(
      await page.getByRole('link', { name: 'Go to the e-net member pages' }).getAttribute('href'),
      '/enet?lang=en',
    );
  });

  test('item 10: ending an emergency stop publishes 再開のお知らせ and the portal home drops the pause at once', async () => {
    const deps = { db: database.db, clock };
    const id = await startEmergencyStop(
      deps,
      { ...text, title: '緊急停止', titleEn: 'Emergency stop', scope: 'all', reason: 'HSM down' },
      'operator:test',
    );
    await server.server.operations.tick();
    await page.goto(`${server.url}/enet`);
    await page.locator('#paused').waitFor();
    clock.advance(20 * 60_000);
    await endWindow(deps, id, 'operator:test', 'HSM back');
    await page.reload();
    await page.getByRole('heading', { name: 'ホーム' }).waitFor();
    assert.equal(await page.locator('#paused').count(), 0, 'no stale pause on the home page');
    const first = page.locator('#notices li').first();
    assert.match((await first.textContent()) ?? '', /【再開のお知らせ】緊急停止/);
    const over = page.locator('#notices li', { hasText: '緊急停止' }).filter({ hasText: '終了しました' });
    assert.equal(await over.count(), 1, 'the stop notice itself says it is over');
    await screenshot(page, 'portal-home-resumed');
    await first.getByRole('link').click();
    await page.getByRole('heading', { level: 2, name: '【再開のお知らせ】緊急停止' }).waitFor();
    assert.match((await page.locator('section[data-kind=emergency]').first().textContent()) ?? '', /再開しました/);
  });
});
