import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { seedDemo } from '../../demo/seed/seed.ts';
import { systemClock } from '../../src/app/runtime.ts';
import { bootstrapConsole } from '../../src/features/console/service/operators.ts';
import { applyEnrollmentEvent } from '../../src/features/enrollment/enrollment.ts';
import { totpCode } from '../../src/infra/crypto/totp.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import { type SeededCardholder, seedCardholder } from '../support/fixtures.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ADMIN_PASSWORD = 'console-admin-pass-0001';

describe(`console in Chromium [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let holder: SeededCardholder;

  before(async () => {
    database = await createTestDatabase(primaryDialect());
    server = await startTestServer(database, {
      publicHost: 'localhost',
      env: { CONSOLE_ADMIN_PASSWORD: ADMIN_PASSWORD },
    });
    await bootstrapConsole(database.db, server.config, new Date());
    await seedDemo({ db: database.db, keys: server.keys, clock: systemClock });
    holder = await seedCardholder(database.db, server.keys, { expiry: '2807' });
    await database.db.transaction().execute((trx) =>
      applyEnrollmentEvent(trx, {
        enetId: holder.enetId,
        event: { type: 'lost_stolen_reported' },
        actor: `member:${holder.enetId}`,
        at: new Date(),
      }),
    );
    // A few authentications of the hour, so the dashboard charts and the AReq latency have data.
    const other = await seedCardholder(database.db, server.keys);
    await server.server.deps.ranges.load();
    for (let i = 0; i < 3; i++) await postAReq(server.url, browserAReq(other.pan));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  /** Signs in; on first sign-in reads the TOTP secret from the enrolment page and confirms it. */
  async function signIn(username: string, password: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/console/sign-in?lang=en`);
    await page.fill('#username', username);
    await page.fill('#password', password);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/console\/sign-in\/enrol/);
    const secret = (await page.textContent('#totp-secret'))?.trim() ?? '';
    await page.fill('#code', await totpCode(secret, new Date()));
    await page.click('button[type=submit]');
    await page.waitForURL(/\/console(\/password)?(\?lang=en)?$/);
    // A password an admin issued is changed first (docs/console.md "Operator accounts").
    if (/\/console\/password/.test(page.url())) {
      await page.fill('#current', password);
      await page.fill('#next', `${password}-chosen`);
      await page.fill('#confirm', `${password}-chosen`);
      await page.click('main button[type=submit]');
      await page.waitForSelector('#password-changed');
    }
    return page;
  }

  async function createOperator(admin: Page, username: string, role: string): Promise<string> {
    await admin.goto(`${server.url}/console/operators?lang=en`);
    await admin.fill('#username', username);
    await admin.fill('#displayName', username);
    await admin.selectOption('#role', role);
    await admin.click('form.inline button[type=submit]');
    return (await admin.textContent('#new-password'))?.trim() ?? '';
  }

  test('admin enrols TOTP, creates staff; operators lift a lock and deregister with four eyes', async () => {
    const admin = await signIn('admin', ADMIN_PASSWORD);
    const opA = await createOperator(admin, 'op-a', 'operator');
    const opB = await createOperator(admin, 'op-b', 'operator');
    const inv = await createOperator(admin, 'inv-a', 'investigator');
    assert.ok(opA && opB && inv);

    const a = await signIn('op-a', opA);
    await a.goto(`${server.url}/console/members?lang=en&last4=${holder.pan.slice(-4)}&expiry=2807`);
    await a.click(`a:has-text("${holder.enetId}")`);
    assert.match((await a.textContent('#member-status')) ?? '', /locked/);
    const lift = a.locator('form[action*="lift-lock"]');
    await lift.locator('select[name=method]').selectOption('branch_visit_id');
    await lift.locator('input[name=note]').fill('passport checked at Shinjuku branch');
    await lift.locator('button').click();
    assert.match((await a.textContent('#member-status')) ?? '', /enrolled/);
    const dereg = a.locator('form[action*="/deregister"]');
    await dereg.locator('select[name=reason]').selectOption('8-1-4');
    await dereg.locator('input[name=note]').fill('shared credentials (art. 6)');
    await dereg.locator('button').click();
    assert.match((await a.textContent('main')) ?? '', /pending/);
    assert.match((await a.textContent('#member-status')) ?? '', /enrolled/);
    await a.goto(`${server.url}/console/approvals?lang=en`);
    assert.equal(await a.locator('button[value=approved]').count(), 0, 'the requester sees no approve button');

    const b = await signIn('op-b', opB);
    await b.goto(`${server.url}/console/approvals?lang=en`);
    await b.click('button[value=approved]');
    const member = await database.db
      .selectFrom('members')
      .select(['enrollment', 'enrollment_reason'])
      .where('enet_id', '=', holder.enetId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(member, { enrollment: 'deregistered', enrollment_reason: '8-1-4' });

    await admin.goto(`${server.url}/console?lang=en`);
    assert.equal(await admin.locator('svg').count(), 4);
    await screenshot(admin, 'console-dashboard');
  });
});
