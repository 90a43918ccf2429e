import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { activeRiskPolicyRow } from '../../src/storage/repositories/risk-policies.ts';
import { rbaTermsInForce } from '../risk/support.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { signedInConsole } from '../support/console-browser.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const DAY = 86_400_000;

/**
 * Issue #20 "Done when": four-eyes activation in Chromium. Admin 1 drafts a risk policy in the console form and asks
 * for its activation: refused while the terms version it names is not yet in force; a draft naming the terms in
 * force waits for a second admin, whom admin 1 cannot replace; admin 2 approves and the AReq path applies it.
 */
describe(`risk policies: draft, ask, approve in Chromium [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    database = await createTestDatabase(primaryDialect());
    server = await startTestServer(database, { publicHost: 'localhost' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  const url = (path: string) => `${server.url}${path}`;

  const admin = async () =>
    (
      await signedInConsole(browser, server, database.db, 'admin', {
        lang: 'en',
        viewport: { width: 1280, height: 900 },
      })
    ).page;

  /** Fills the draft form (it starts from the demo policy's values) and saves it. */
  async function draft(page: Page, name: string, termsVersionId: string): Promise<void> {
    await page.goto(url('/console/risk?lang=en'));
    await page.click('#risk-new');
    await page.fill('#rp-name', name);
    await page.fill('#rp-nameEn', name);
    await page.selectOption('#rp-termsVersionId', termsVersionId);
    await page.fill('#rp-frictionlessBelow', '38');
    await screenshot(page, 'risk-policy-form');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await page.waitForURL(/\/console\/risk\?lang=en$/);
  }

  const row = (page: Page, name: string) => page.locator('#risk-policies tbody tr', { hasText: name });

  test('admin 1 drafts and asks, refused until the terms naming it are in force; admin 2 approves', async () => {
    const now = new Date();
    // Published, but in force only in 20 days: naming it is not enough.
    const later = await rbaTermsInForce(database.db, new Date(now.getTime() + 21 * DAY), 'terms_rba_later');
    const inForce = await rbaTermsInForce(database.db, now, 'terms_rba_now');
    const first = await admin();

    await draft(first, 'RBA waiting for its terms', later);
    await row(first, 'RBA waiting for its terms').getByRole('button', { name: 'Ask to activate' }).click();
    await assert.doesNotReject(
      row(first, 'RBA waiting for its terms')
        .getByText('the terms version describing this policy is not in force')
        .waitFor(),
    );
    assert.match((await row(first, 'RBA waiting for its terms').locator('.status').textContent()) ?? '', /Draft/);

    await draft(first, 'RBA under the terms in force', inForce);
    const ours = row(first, 'RBA under the terms in force');
    await ours.getByRole('button', { name: 'Ask to activate' }).click();
    await first.waitForURL(/\/console\/risk\?lang=en$/);
    assert.equal(await ours.locator('.status').textContent(), 'Activation awaiting a second admin');
    assert.equal(await ours.getByRole('button', { name: 'Approve and activate' }).count(), 0, 'not for the asker');
    assert.equal((await activeRiskPolicyRow(database.db))?.version, 1);

    const second = await admin();
    await second.goto(url('/console/risk?lang=en'));
    await screenshot(second, 'risk-policies-approve');
    await row(second, 'RBA under the terms in force').getByRole('button', { name: 'Approve and activate' }).click();
    await second.waitForURL(/\/console\/risk\?lang=en$/);
    assert.equal(await row(second, 'RBA under the terms in force').locator('.status').textContent(), 'Active');
    assert.equal(await row(second, 'Challenge every purchase').locator('.status').textContent(), 'Retired');
    const active = await activeRiskPolicyRow(database.db);
    assert.equal(active?.name, 'RBA under the terms in force');
    assert.equal((active?.body as { frictionlessBelow?: number } | undefined)?.frictionlessBelow, 38);
    assert.equal(server.server.deps.riskPolicy.current().policy.mode, 'risk');
  });
});
