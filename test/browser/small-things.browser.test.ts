import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PASSWORD, registrationCodeFor, seedPortalMember } from '../portal/support.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import type { SeededCardholder } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Issue #18 "small things members and newcomers hit", in Chromium on a 390 px phone: `/` and trailing-slash
 * addresses lead somewhere (item 8), masked phones read 090-****-5678 (item 1), the consent box survives a
 * refused number (item 3), the code page names the number and the code's validity (item 4), サインイン only
 * (item 5), and the demo mail inbox shows what was emailed (item 9).
 */
describe(`small things in Chromium [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let member: SeededCardholder;

  before(async () => {
    database = await createTestDatabase(primaryDialect());
    server = await startTestServer(database, { publicHost: 'localhost', env: { OTP_TTL_SECONDS: '600' } });
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 390, height: 844 }, isMobile: true });
    page = await context.newPage();
    member = await seedPortalMember(database.db, server.keys, { enrolled: false });
    await server.server.deps.ranges.load();
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  const url = (path: string) => `${server.url}${path}`;
  const pathOf = () => new URL(page.url()).pathname;

  test('item 8: /, /enet/ and /console/ lead to the portal and the console, never a 404', async () => {
    for (const [from, to] of [
      ['/', '/enet/login'],
      ['/enet/', '/enet/login'],
      ['/console/', '/console/sign-in'],
    ] as const) {
      const res = await page.goto(url(from));
      assert.equal(res?.status(), 200, from);
      assert.equal(pathOf(), to, `${from} lands on ${to}`);
    }
    await page.goto(url('/enet/?lang=en'));
    assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the query (lang) survives the redirect');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // never a way off-site: `//host/` is not turned into a redirect to another host
    const offsite = await fetch(url('//evil.example/'), { redirect: 'manual' });
    assert.notEqual(offsite.headers.get('location')?.startsWith('//'), true);
    const api = await fetch(url('/api/v1/'), { redirect: 'manual' });
    assert.equal(api.status, 404, 'the API keeps its JSON 404');
  });

  test('items 3, 4, 1, 5: the consent stays ticked, the code page shows the number and validity', async () => {
    await page.goto(url('/enet'));
    await page.getByRole('heading', { name: 'サインイン' }).waitFor();
    await page.getByLabel('e-net サービス ID').fill(member.enetId);
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('heading', { name: 'ホーム' }).waitFor();
    assert.doesNotMatch((await page.locator('body').textContent()) ?? '', /ログイン|ログオン/);

    await page.goto(url('/enet/phone'));
    await page.getByRole('heading', { name: '電話番号の登録' }).waitFor();
    await page.getByLabel('携帯電話番号').fill('03-1234-5678');
    await page.getByLabel(/利用規約に同意します/).check();
    await page.getByRole('button', { name: '確認コードを送る' }).click();
    await page.locator('.notice, [role="alert"]').first().waitFor();
    assert.equal(await page.getByLabel(/利用規約に同意します/).isChecked(), true, 'consent kept after the error');
    assert.equal(await page.getByLabel('携帯電話番号').inputValue(), '03-1234-5678', 'the number is kept too');

    const before = Date.now();
    await page.getByLabel('携帯電話番号').fill(member.phone.replace('+81', '0'));
    await page.getByRole('button', { name: '確認コードを送る' }).click();
    await page.getByLabel('確認コード（6 桁）').waitFor();
    const sentTo = (await page.locator('#code-sent-to').textContent()) ?? '';
    assert.equal(sentTo, `0${member.phone.slice(3, 5)}-****-${member.phone.slice(-4)}`);
    assert.match(sentTo, /^0[789]0-\*{4}-\d{4}$/);
    const validity = (await page.locator('#code-validity').textContent()) ?? '';
    const m = /^10分（(\d{2}):(\d{2}) まで）$/.exec(validity);
    assert.ok(m, validity);
    const until = new Date(before + 10 * 60_000 + 9 * 3600_000);
    const expected = until.getUTCHours() * 60 + until.getUTCMinutes();
    const shown = Number(m[1]) * 60 + Number(m[2]);
    assert.ok(Math.abs(shown - expected) <= 1 || Math.abs(shown - expected) >= 1439, `${validity} ≈ 10 min from now`);
    assert.doesNotMatch((await page.locator('body').textContent()) ?? '', /\+81/);
    await screenshot(page, 'small-phone-code');

    await page.getByLabel('確認コード（6 桁）').fill(await registrationCodeFor(database.db, server.keys, member.phone));
    await page.getByRole('button', { name: '登録する' }).click();
    await page.getByRole('heading', { name: '電話番号を登録しました' }).waitFor();
    await page.goto(url('/enet'));
    assert.match((await page.locator('#masked-phone').textContent()) ?? '', /^\s*0[789]0-\*{4}-\d{4}\s*$/);
    await page.goto(url('/enet/sessions'));
    assert.match((await page.locator('body').textContent()) ?? '', /サインイン中の端末/);
  });

  test('item 9: the demo mail inbox shows the emails, newest first, linked from the phone inbox', async () => {
    const fresh = await seedPortalMember(database.db, server.keys, { enrolled: false });
    const other = await browser.newContext({ locale: 'ja-JP', viewport: { width: 390, height: 844 } });
    const visitor = await other.newPage();
    await visitor.goto(url('/enet/password/request'));
    await visitor.getByLabel('e-net サービス ID').fill(fresh.enetId);
    await visitor.getByRole('button').last().click();
    await visitor.waitForLoadState();
    await other.close();

    await page.goto(url('/dev/mail'));
    await page.getByRole('heading', { name: 'メール受信箱（開発用）', level: 1 }).waitFor();
    const first = page.locator('article.mail').first();
    assert.match((await first.textContent()) ?? '', new RegExp(`${fresh.enetId}@example\\.jp`));
    assert.match((await first.locator('h2').textContent()) ?? '', /件名: .*(初回設定|パスワード)/);
    assert.match((await first.locator('.mail-body').textContent()) ?? '', /\/enet\/password\/set\?token=/);
    assert.match((await first.locator('time').textContent()) ?? '', / JST$/);
    const phoneConfirmation = page.locator('article.mail[data-purpose="phone_registered"]');
    assert.ok((await phoneConfirmation.count()) <= 1);
    await screenshot(page, 'small-mail-inbox');

    await page.goto(url('/dev/phone'));
    await page.getByRole('link', { name: 'メール受信箱' }).click();
    assert.equal(pathOf(), '/dev/mail');

    await page.goto(url('/dev/mail?lang=en'));
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.getByRole('heading', { name: 'Mail inbox (development)' }).waitFor();
    const json = (await (await fetch(url('/dev/mail/latest.json'))).json()) as { mails: Array<{ to: string }> };
    assert.equal(json.mails[0]?.to, `${fresh.enetId}@example.jp`);
    assert.equal((await fetch(url('/dev/mail/latest.json?after=yesterday'))).status, 400);
  });
});
