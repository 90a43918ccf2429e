import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedDemo } from '../../demo/seed/seed.ts';
import { systemClock } from '../../src/app/runtime.ts';
import { DEMO_PORTAL_PASSWORD } from '../../src/features/portal/service/passwords.ts';
import { launchBrowser } from '../support/browser.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import { ReadmePictures, regionsOfText } from '../support/pictures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openPasskeyWindow, registerPasskey } from '../support/virtual-authenticator.ts';

/*
 * The README walkthrough's passkey step (issue 21, docs/passkeys.md), as a companion to
 * walkthrough.browser.test.ts: the demo with terms that describe passkeys already in force (in the demo a person
 * publishes the seeded draft and waits for its effective date), 山田 太郎 registers a passkey in the portal with
 * Chromium's virtual authenticator and pays with it in the demo shop. Its pictures are docs/images/passkeys/*.png,
 * compared like the walkthrough's (DOCS_IMAGES=write, `npm run docs:images`, redraws them).
 */

const ROOT = join(import.meta.dirname, '..', '..');
const IMAGES = join(ROOT, 'docs', 'images', 'passkeys');
const SHOTS = join(ROOT, 'test-results', 'walkthrough-passkeys');
const WRITE_PICTURES = process.env.DOCS_IMAGES === 'write';
const VIEWPORT = { width: 1100, height: 800 };

describe(`README walkthrough: a passkey [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let pictures: ReadmePictures;

  before(async () => {
    database = await createTestDatabase(primaryDialect());
    server = await startTestServer(database, { publicHost: 'localhost', env: { SEED_DEMO: 'true' } });
    await seedDemo({ db: database.db, keys: server.keys, clock: systemClock });
    await server.server.deps.ranges.load();
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'ja-JP', viewport: VIEWPORT });
    if (WRITE_PICTURES) mkdirSync(IMAGES, { recursive: true });
    pictures = new ReadmePictures(await browser.newPage(), { readme: IMAGES, results: SHOTS }, WRITE_PICTURES);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  test('山田 太郎 registers a passkey, then pays with it at window 05: Y, ECI 05, no SMS for the purchase', async () => {
    const env = { url: server.url, db: database.db, keys: server.keys };
    const taro = { enetId: 'demo-taro', phone: '+819012345678', password: DEMO_PORTAL_PASSWORD };
    const { credential } = await registerPasskey(context, env, taro, '私のスマホ', async (step, page) => {
      if (step === 'name') {
        await page.getByLabel('パスキーの名前').fill('私のスマホ');
        await pictures.take(page, 'register');
      }
      // the registration date and last use are today's
      if (step === 'list')
        await pictures.take(page, 'list', await regionsOfText(page, '#passkeys dd', /[\d:/年月日]+/));
    });

    const shop: Page = await context.newPage();
    await shop.goto(`${server.url}/demo/shop`);
    const option = shop.locator('#card option', { hasText: '山田 太郎' });
    await shop.locator('#card').selectOption((await option.getAttribute('value')) ?? '');
    await shop.locator('#windowSize').selectOption('05');
    await shop.getByRole('button', { name: '購入手続きへ' }).click();
    const frame = shop.frameLocator('iframe[name="challengeFrame"]');
    await frame.locator('#passkey-open').waitFor({ timeout: 15_000 });
    await pictures.take(shop, 'offer');

    const popup = await openPasskeyWindow(context, frame, credential);
    await pictures.take(popup, 'window');
    await popup.getByRole('button', { name: 'パスキーで認証' }).click();
    await popup.getByRole('heading', { name: '認証しました' }).waitFor();
    await popup.close();

    await shop.waitForURL(/\/demo\/shop\/result\//, { timeout: 15_000 });
    const result = shop.locator('section.result[data-outcome="authenticated"]');
    await result.waitFor({ timeout: 15_000 });
    assert.equal((await shop.locator('dd[data-field="transStatus"]').textContent())?.trim(), 'Y');
    assert.equal((await shop.locator('dd[data-field="ECI"]').textContent())?.trim(), '05');
    const purchaseSms = await database.db
      .selectFrom('sms_messages')
      .select('id')
      .where('purpose', '=', 'purchase')
      .execute();
    assert.equal(purchaseSms.length, 0, 'the passkey approved the purchase: no code was sent');
  });

  test('the passkey pictures are as docs/images/passkeys/ shows them', (t) => {
    for (const o of pictures.outcomes) t.diagnostic(`${o.name}: ${o.verdict}, ${o.detail}`);
    const problems = pictures.problems();
    assert.deepEqual(problems, [], `${problems.join('\n')}\nIf intended, redraw with \`npm run docs:images\`.`);
  });
});
