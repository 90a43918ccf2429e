import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_RISK_POLICY } from '../../src/core/risk/policies.ts';
import { createRiskPolicyDraft } from '../../src/features/risk/policy-admin.ts';
import { purchase, rbaTermsInForce, reportFraud, USUAL_PURCHASE as usual } from '../risk/support.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { signedInConsole } from '../support/console-browser.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Issue #20 item 4 in Chromium: an admin runs a backtest of a draft policy over the recorded AReqs and sees its
 * figures and the fraud-reported purchase it would have let through; then puts the draft in shadow, AReqs arrive,
 * and the comparison page shows them per day.
 */
describe(`risk backtest and shadow mode in Chromium [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    database = await createTestDatabase(primaryDialect());
    server = await startTestServer(database);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  async function signIn(): Promise<Page> {
    const { page } = await signedInConsole(browser, server, database.db, 'admin', {
      lang: 'ja',
      viewport: { width: 1280, height: 800 },
    });
    return page;
  }

  test('run a backtest, see its figures; put the draft in shadow, send AReqs, see the comparison', {
    timeout: 300_000,
  }, async () => {
    const db = database.db;
    const holder = await seedCardholder(db, server.keys);
    await server.server.deps.ranges.load();
    // Recorded traffic under challenge-everything: the member's first purchase, then a usual one later reported.
    await purchase(server.url, db, holder.pan);
    const second = await purchase(server.url, db, holder.pan);
    await reportFraud(db, holder.enetId, second.acsTransID!, 'FR-BROWSER-1');
    const draft = await createRiskPolicyDraft({ db, clock: { now: () => new Date() } }, 'system', {
      name: 'リスクベース認証（案）',
      nameEn: 'Risk-based (draft)',
      body: DEMO_RISK_POLICY,
      termsVersionId: await rbaTermsInForce(db, new Date()),
    });

    const page = await signIn();
    await page.goto(`${server.url}/console/risk/backtests`);
    await page.selectOption('#bt-policy', draft);
    await page.fill('#bt-days', '1');
    await Promise.all([page.waitForURL(/\/console\/risk\/backtests\/rbt_/), page.click('#run-backtest')]);
    assert.equal((await page.textContent('#backtest-replayed'))?.trim(), '2');
    const frictionless = await page.locator('#backtest-frictionless td').allTextContents();
    assert.deepEqual(frictionless, ['1', '50.0 %', '0', '0.0 %']);
    assert.match((await page.textContent('#backtest-fraud')) ?? '', /チャレンジなしで通す取引: 1 件/);
    const link = page.locator('#backtest-fraud-through a');
    assert.equal(await link.getAttribute('href'), `/console/transactions/${second.acsTransID}`);
    assert.match((await page.textContent('#backtest-fraud-through')) ?? '', /届出 FR-BROWSER-1/);
    await screenshot(page, 'risk-backtest-result');
    await page.goto(`${page.url()}?lang=en`);
    assert.match((await page.textContent('#backtest-figures')) ?? '', /Frictionless \(Y\)/);

    await page.goto(`${server.url}/console/risk/shadow`);
    assert.match((await page.textContent('#shadow-status')) ?? '', /ありません/);
    await page.selectOption('#shadow-policy', draft);
    await Promise.all([page.waitForURL(/\/console\/risk\/shadow$/), page.click('#start-shadow')]);
    assert.match((await page.textContent('#shadow-status')) ?? '', /シャドー評価中: v2/);

    // live traffic: the member's usual purchase twice, both still challenged; the second later reported
    const live: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { json } = await postAReq(server.url, browserAReq(holder.pan, usual));
      assert.equal(json.transStatus, 'C', 'the shadow never decides');
      live.push(json.acsTransID!);
    }
    await reportFraud(db, holder.enetId, live[1]!, 'FR-BROWSER-2');
    await page.reload();
    const day = await page.locator('#shadow-days tbody tr').first().locator('td').allTextContents();
    assert.deepEqual(day, ['2', '0 (0.0 %)', '2', '0', '0']);
    assert.equal(await page.locator('#shadow-fraud a').getAttribute('href'), `/console/transactions/${live[1]}`);
    assert.match((await page.textContent('#shadow-fraud')) ?? '', /FR-BROWSER-2/);
    await screenshot(page, 'risk-shadow-comparison');
  });
});
