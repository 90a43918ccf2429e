import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { ManualClock } from '../../src/core/clock.ts';
import { activateDemoRiskPolicy, markAuthenticated, rbaTermsInForce } from '../risk/support.ts';
import { launchBrowser } from '../support/browser.ts';
import { signedInConsole } from '../support/console-browser.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { ReadmePictures, regionsOfText } from '../support/pictures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** A folder of its own: the walkthrough checks that it drew every picture directly in docs/images/. */
const IMAGES = join(ROOT, 'docs', 'images', 'risk');
const SHOTS = join(ROOT, 'test-results', 'risk-explained');
/** Noon in Japan: no night-time signal, so the picture's reasons are the same whenever the test runs. */
const AT = '2026-12-01T03:00:00Z';
const WRITE_PICTURES = process.env.DOCS_IMAGES === 'write';

/**
 * The README's picture of a frictionless purchase explained in the console (issue #20 "Done when"): the demo risk
 * policy active, the member's usual browser and shop a second time, answered Y without a challenge; the
 * transaction page's リスク判定 section lists why. `npm run docs:images` redraws it with the walkthrough's.
 */
describe(`a frictionless purchase and its reasons in the console [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let pictures: ReadmePictures;
  const clock = new ManualClock(AT);

  before(async () => {
    database = await createTestDatabase(primaryDialect());
    server = await startTestServer(database, { clock, publicHost: 'localhost' });
    browser = await launchBrowser();
    if (WRITE_PICTURES) mkdirSync(IMAGES, { recursive: true });
    pictures = new ReadmePictures(await browser.newPage(), { readme: IMAGES, results: SHOTS }, WRITE_PICTURES);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  test('the second usual purchase is frictionless; the console shows each reason with its points', async (t) => {
    const db = database.db;
    await activateDemoRiskPolicy(db, await rbaTermsInForce(db, clock.now()), clock.now());
    await server.server.deps.riskPolicy.reload();
    const holder = await seedCardholder(db, server.keys);
    await server.server.deps.ranges.load();
    const usual = { purchaseAmount: '4800', mcc: '5411', merchantName: 'デモ商店' };
    const first = await postAReq(server.url, browserAReq(holder.pan, usual));
    assert.equal(first.json.transStatus, 'C', 'a new device is challenged');
    await markAuthenticated(db, first.json.acsTransID ?? '');
    clock.advance(3 * 86_400_000);
    const second = await postAReq(server.url, browserAReq(holder.pan, usual));
    assert.equal(second.json.transStatus, 'Y');

    const { page, username } = await signedInConsole(browser, server, db, 'operator', {
      lang: 'ja',
      viewport: { width: 900, height: 370 },
      at: clock.now(),
    });
    await page.goto(`${server.url}/console/transactions/${second.json.acsTransID}#risk`);
    assert.equal(await page.locator('#risk-decision').textContent(), 'チャレンジなしで認証（Y）');
    assert.equal(
      await page.locator('#risk-why').textContent(),
      'スコア 0 がポリシーの基準（40 未満はチャレンジなし）を下回ったため、チャレンジなしで認証しました。',
    );
    const reasons = await page.locator('#risk-reasons tbody tr').allTextContents();
    assert.ok(reasons.includes('認証済みの端末-20'), reasons.join(' / '));
    assert.ok(reasons.includes('利用実績のある加盟店-5'), reasons.join(' / '));
    const masks = await regionsOfText(
      page,
      'body',
      new RegExp(`${username}|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|:\\d{4,5}`),
    );
    await pictures.take(page, 'console-frictionless', masks);
    for (const o of pictures.outcomes) t.diagnostic(`${o.name}: ${o.verdict}, ${o.detail}`);
    assert.deepEqual(
      pictures.outcomes.filter((o) => o.verdict === 'changed' || o.verdict === 'missing'),
      [],
      'if the change is intended, redraw with `npm run docs:images` and commit docs/images/risk/',
    );
  });
});
