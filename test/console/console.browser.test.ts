import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
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
import { makeOperator } from './support.ts';

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
    assert.match((await a.textContent('#member-status')) ?? '', /Locked/);
    const lift = a.locator('form[action*="lift-lock"]');
    await lift.locator('select[name=method]').selectOption('branch_visit_id');
    await lift.locator('input[name=note]').fill('passport checked at Shinjuku branch');
    await lift.locator('button').click();
    assert.match((await a.locator('[role=status]').textContent()) ?? '', /lock was lifted/);
    assert.match((await a.textContent('#member-status')) ?? '', /Enrolled/);
    const dereg = a.locator('form[action*="/deregister"]');
    await dereg.locator('select[name=reason]').selectOption('8-1-4');
    await dereg.locator('input[name=note]').fill('shared credentials (art. 6)');
    await dereg.locator('button').click();
    assert.match((await a.textContent('main')) ?? '', /Pending/);
    assert.match((await a.textContent('#member-status')) ?? '', /Enrolled/);
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

  test('an operator walks search → member → transaction in Japanese at 1280 and 390 px; English once', async () => {
    const op = await makeOperator(database.db, server.keys, 'operator');
    const walker = await seedCardholder(database.db, server.keys, { expiry: '2807' });
    const acsTransId = randomUUID();
    const at = new Date('2026-12-04T20:00:00Z'); // 2026-12-05 05:00 JST
    await database.db
      .insertInto('transactions')
      .values({
        acs_trans_id: acsTransId,
        three_ds_server_trans_id: randomUUID(),
        message_version: '2.2.0',
        device_channel: '02',
        message_category: '01',
        state: 'result_acknowledged',
        trans_status: 'Y',
        authentication_type: '02',
        merchant_name: 'ワンダーショップ',
        purchase_amount: '3980',
        purchase_currency: '392',
        purchase_exponent: '0',
        enet_id: walker.enetId,
        card_ref: walker.cardRef,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/console/sign-in`);
    await page.fill('#username', op.principal.username);
    await page.fill('#password', op.password);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/console\/sign-in\/code/);
    await page.fill('#code', await totpCode(op.secret, new Date()));
    await page.click('button[type=submit]');
    await page.waitForURL(/\/console$/);
    const noSideways = async (what: string) => {
      const [scroll, inner] = (await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as [
        number,
        number,
      ];
      assert.ok(scroll <= inner, `${what}: page body overflows sideways (${scroll} > ${inner})`);
    };
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.url}/console/members`);
      assert.equal(await page.locator('label[for=last4]').textContent(), 'カード番号の下 4 桁');
      await page.fill('#last4', walker.pan.slice(-4));
      await page.fill('#expiry', '07/28');
      await page.click('form.inline button[type=submit]');
      await noSideways(`search ${width}`);
      await page.click(`a:has-text("${walker.enetId}")`);
      assert.match((await page.textContent('#member-status')) ?? '', /登録済み/);
      assert.equal(await page.locator('form[action$="/lift-lock"]').count(), 0, 'no lift-lock unless locked');
      const recent = (await page.textContent('#member-transactions')) ?? '';
      assert.match(recent, /2026-12-05 05:00 JST/);
      assert.match(recent, /¥3,980/);
      await noSideways(`member ${width}`);
      await screenshot(page, `console-member-${width}`);
      await page.click('#member-transactions a');
      await page.waitForURL(new RegExp(`/console/transactions/${acsTransId}`));
      assert.equal(await page.textContent('#amount'), '¥3,980');
      assert.match((await page.textContent('#transaction')) ?? '', /2026-12-05 05:00 JST/);
      assert.equal(await page.textContent('#state'), 'チャレンジ完了（結果通知済み）');
      assert.equal(await page.textContent('#result'), '認証成功');
      await noSideways(`transaction ${width}`);
      await screenshot(page, `console-transaction-${width}`);
      await page.goto(`${server.url}/console/transactions?from=2026-12-05&to=2026-12-05`);
      assert.equal(await page.locator('label[for=f-from]').textContent(), '開始日');
      assert.match((await page.textContent('#transactions')) ?? '', /ワンダーショップ/);
      await noSideways(`transactions ${width}`);
    }
    await page.goto(`${server.url}/console/transactions/${acsTransId}?lang=en`);
    assert.equal(await page.textContent('#amount'), 'JPY 3,980');
    assert.equal(await page.textContent('#result'), 'Authenticated');
    assert.match((await page.textContent('#transaction')) ?? '', /2026-12-05 05:00 JST/);
    await page.goto(`${server.url}/console/transactions?from=2026-13-45`);
    assert.match((await page.textContent('#f-from-error')) ?? '', /日付は 2026-12-05 の形で/);
    assert.equal(await page.inputValue('#f-from'), '2026-13-45');
  });
});
