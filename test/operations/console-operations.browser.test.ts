import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { bootstrapConsole } from '../../src/features/console/service/operators.ts';
import { totpCode } from '../../src/infra/crypto/totp.ts';
import { PASSWORD, seedPortalMember } from '../portal/support.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import type { SeededCardholder } from '../support/fixtures.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ADMIN_PASSWORD = 'console-admin-pass-0002';

describe(`console service operations in Chromium [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let admin: Page;
  let portal: BrowserContext;
  let holder: SeededCardholder;

  before(async () => {
    database = await createTestDatabase(primaryDialect());
    server = await startTestServer(database, {
      publicHost: 'localhost',
      env: { CONSOLE_ADMIN_PASSWORD: ADMIN_PASSWORD },
    });
    // No periodic scheduler on this node: whatever takes effect below does so through the console's own path.
    await server.server.operations.stop();
    await bootstrapConsole(database.db, server.config, new Date());
    holder = await seedPortalMember(database.db, server.keys);
    await server.server.deps.ranges.load();
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    admin = await context.newPage();
    await admin.goto(`${server.url}/console/sign-in?lang=en`);
    await admin.fill('#username', 'admin');
    await admin.fill('#password', ADMIN_PASSWORD);
    await admin.click('button[type=submit]');
    await admin.waitForURL(/\/console\/sign-in\/enrol/);
    const secret = (await admin.textContent('#totp-secret'))?.trim() ?? '';
    await admin.fill('#code', await totpCode(secret, new Date()));
    await admin.click('button[type=submit]');
    await admin.waitForURL(/\/console(\?lang=en)?$/);
    portal = await browser.newContext({ locale: 'ja-JP', viewport: { width: 390, height: 844 } });
    const member = await portal.newPage();
    await member.goto(`${server.url}/enet/login`);
    await member.getByLabel('e-net サービス ID').fill(holder.enetId);
    await member.getByLabel('パスワード').fill(PASSWORD);
    await member.getByRole('button', { name: 'サインイン' }).click();
    await member.getByRole('heading', { name: 'ホーム' }).waitFor();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  const areq = async () => {
    const { json } = await postAReq(server.url, browserAReq(holder.pan));
    return [json.transStatus, json.transStatusReason];
  };

  async function portalHome(): Promise<Page> {
    const [page] = portal.pages();
    assert.ok(page);
    await page.goto(`${server.url}/enet`);
    await page.getByRole('heading', { name: 'ホーム' }).waitFor();
    return page;
  }

  test('an emergency stop from the console answers the next AReq U/22; ending it brings challenges back', async () => {
    assert.equal((await areq())[0], 'C');
    await admin.goto(`${server.url}/console/operations?lang=en`);
    // issue #18 item 8: the notice is the admin's own words; nothing prefilled, a hint in each field
    for (const field of ['#em-title', '#em-body', '#em-titleEn', '#em-bodyEn']) {
      assert.equal(await admin.inputValue(field), '', `${field} starts empty`);
      assert.ok(await admin.getAttribute(field, 'placeholder'), `${field} has a hint`);
    }
    await admin.selectOption('#em-scope', 'all');
    await admin.fill('#em-reason', 'HSM unreachable');
    await admin.fill('#em-title', '本人認証サービスの停止について');
    // sent with the other texts empty (the browser's own checks off): each message beside its field, input kept
    await admin.evaluate('document.querySelectorAll("form").forEach((f) => { f.noValidate = true; })');
    const refused = admin.waitForResponse((r) => r.url().includes('/console/operations/emergency'));
    await admin.click('#review-emergency');
    assert.equal((await refused).status(), 400);
    await admin.locator('#em-body-error').waitFor();
    assert.match((await admin.textContent('#em-body-error')) ?? '', /Write the text of the notice in Japanese/);
    assert.match((await admin.textContent('#em-titleEn-error')) ?? '', /title of the notice in English/);
    assert.match((await admin.textContent('#em-bodyEn-error')) ?? '', /text of the notice in English/);
    assert.equal(await admin.locator('#em-title-error').count(), 0);
    assert.equal(await admin.getAttribute('#em-body', 'aria-describedby'), 'em-body-error');
    assert.equal(await admin.inputValue('#em-title'), '本人認証サービスの停止について');
    assert.equal(await admin.inputValue('#em-reason'), 'HSM unreachable');
    assert.equal(await admin.inputValue('#em-scope'), 'all');
    assert.equal((await areq())[0], 'C', 'a refused form stops nothing');

    await admin.fill('#em-body', 'システム障害のため、本人認証サービスを停止しています。');
    await admin.fill('#em-titleEn', 'The authentication service is stopped');
    await admin.fill('#em-bodyEn', 'A system fault stopped the authentication service.');
    await admin.click('#review-emergency');
    // the confirmation spells out the scope: what stops, what the ACS answers, from when, which notice
    assert.match((await admin.textContent('#emergency-scope')) ?? '', /whole service/);
    assert.match((await admin.textContent('#emergency-stops')) ?? '', /Every authentication/);
    assert.match((await admin.textContent('#emergency-answer')) ?? '', /Every .*AReq.*transStatus U, reason 22/);
    assert.match((await admin.textContent('#emergency-when')) ?? '', /at once.*until ended/s);
    const notice = (await admin.textContent('#emergency-notice')) ?? '';
    assert.match(notice, /本人認証サービスの停止について/);
    assert.match(notice, /The authentication service is stopped/);
    assert.equal((await areq())[0], 'C', 'nothing stops before the confirmation');
    await admin.check('#em-confirm');
    await admin.click('#start-emergency');
    await admin.waitForURL(/\/console\/operations\?done=emergency-started/);
    assert.match((await admin.locator('[role=status]').textContent()) ?? '', /emergency stop has started/);
    assert.equal(await admin.locator('#windows-in-force tr[data-state=in_force]').count(), 1);
    assert.deepEqual(await areq(), ['U', '22'], 'the very next AReq, no restart, no scheduler tick');

    const member = await portalHome();
    assert.match((await member.locator('#paused [data-paused=all]').textContent()) ?? '', /本人認証サービス全体を停止/);
    await screenshot(member, 'portal-home-paused');
    await screenshot(admin, 'console-operations-emergency');

    const row = admin.locator('#windows-in-force tr[data-state=in_force]');
    await row.locator('input[name=reason]').fill('HSM back');
    await row.locator('button[value=end]').click();
    await admin.waitForURL(/\/console\/operations/);
    assert.equal(await admin.locator('#windows-in-force tr').count(), 0);
    assert.equal((await areq())[0], 'C');
    assert.equal(await (await portalHome()).locator('#paused').count(), 0);
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'reason'])
      .where('action', 'in', ['emergency.start', 'window.end'])
      .orderBy('seq')
      .execute();
    assert.deepEqual(audit, [
      { action: 'emergency.start', reason: 'HSM unreachable' },
      { action: 'window.end', reason: 'HSM back' },
    ]);
  });

  test('schedule a maintenance window through the form', async () => {
    await admin.goto(`${server.url}/console/operations?lang=en`);
    await admin.selectOption('#mw-scope', 'sms');
    await admin.fill('#mw-title', 'SMS 送信のメンテナンス');
    await admin.fill('#mw-body', 'SMS の送信を一時停止します。');
    await admin.fill('#mw-titleEn', 'SMS maintenance');
    await admin.fill('#mw-bodyEn', 'SMS sending pauses for maintenance.');
    await admin.click('#schedule-window');
    await admin.waitForURL(/\/console\/operations/);
    const row = admin.locator('#windows-upcoming tr[data-state=scheduled]');
    assert.equal(await row.count(), 1);
    assert.match((await row.textContent()) ?? '', /SMS sending.*SMS maintenance/s);
    const stored = await database.db
      .selectFrom('service_windows')
      .select(['scope', 'starts_at', 'ends_at', 'notice_from'])
      .where('kind', '=', 'maintenance')
      .executeTakeFirstOrThrow();
    assert.equal(stored.scope, 'sms');
    assert.equal(new Date(stored.ends_at ?? 0).getTime() - new Date(stored.starts_at).getTime(), 2 * 3600_000);
    assert.equal(new Date(stored.starts_at).getTime() - new Date(stored.notice_from ?? 0).getTime(), 72 * 3600_000);
  });

  test('write a terms draft, read its diff, publish it', async () => {
    await admin.goto(`${server.url}/console/terms?lang=en`);
    const body = await admin.inputValue('#t-body');
    await admin.fill('#t-body', `${body}\n\n8. 規約の改定\n改定後の規約は効力発生日から適用します。`);
    await admin.fill('#t-summary', '第8条（規約の改定）を追加しました。');
    await admin.fill('#t-summary-en', 'Adds article 8 (changes to these terms).');
    await admin.click('#create-draft');
    await admin.waitForURL(/\/console\/terms\/terms_/);
    assert.equal(await admin.getAttribute('#terms-state', 'data-state'), 'draft');
    assert.match((await admin.locator('#terms-diff ins').first().textContent()) ?? '', /^\+ /);
    assert.match((await admin.textContent('#diff-counts')) ?? '', /3 lines added \/ 0 removed/);
    await screenshot(admin, 'console-terms-diff');
    await admin.check('input[name=confirm]');
    await admin.click('#publish-terms');
    await admin.waitForURL(/mailing=mal_/);
    assert.equal(await admin.getAttribute('#terms-state', 'data-state'), 'published');
    assert.ok(await admin.locator('#published-status').isVisible());
    const notices = await (await fetch(`${server.url}/notices`)).text();
    assert.match(notices, /本人認証サービス利用規約の改定/);
    assert.match(notices, /第8条（規約の改定）を追加しました。/);
  });
});
