import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ManualClock } from '../../src/core/clock.ts';
import { bootstrapConsole } from '../../src/features/console/service/operators.ts';
import { totpCode } from '../../src/infra/crypto/totp.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ADMIN_PASSWORD = 'console-admin-pass-0001';
const QR_NAME = '認証アプリ登録用の QR コード';

/**
 * Issue #18 item 4 in Chromium: an admin issues a password; the new operator (on a 390 px phone) enrols TOTP from
 * the QR code, is held on the change-password page until they choose their own, then signs in with a TOTP code;
 * an admin resets an operator's password (shown once) and asks a second admin to reset another admin.
 */
describe(`operator accounts in Chromium [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  const clock = new ManualClock(new Date());

  before(async () => {
    database = await createTestDatabase(primaryDialect());
    server = await startTestServer(database, {
      clock,
      publicHost: 'localhost',
      env: { CONSOLE_ADMIN_PASSWORD: ADMIN_PASSWORD },
    });
    await bootstrapConsole(database.db, server.config, clock.now());
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  const newPage = async (width = 1280) => {
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width, height: 900 } });
    return context.newPage();
  };

  /**
   * Password, then (first time) the QR enrolment page — the otpauth URI is read from the QR code's data attribute —
   * or the code page; each sign-in uses a later TOTP step. Returns the secret.
   */
  async function signIn(page: Page, username: string, password: string, known?: string): Promise<string> {
    await page.goto(`${server.url}/console/sign-in`);
    await page.fill('#username', username);
    await page.fill('#password', password);
    await page.getByRole('button', { name: '次へ' }).click();
    let secret = known ?? '';
    if (!known) {
      await page.waitForURL(/\/console\/sign-in\/enrol$/);
      const qr = page.getByRole('img', { name: QR_NAME });
      assert.equal(await qr.count(), 1, 'the QR code is an image with an accessible name');
      assert.equal(await page.locator('#totp-qr svg path').count(), 1);
      const uri = (await page.locator('#totp-qr').getAttribute('data-otpauth')) ?? '';
      const parsed = new URL(uri);
      assert.equal(parsed.protocol, 'otpauth:');
      assert.equal(decodeURIComponent(parsed.pathname), `/ninsho カード:${username}`);
      assert.equal(parsed.searchParams.get('issuer'), 'ninsho カード');
      secret = parsed.searchParams.get('secret') ?? '';
      const shown = (await page.locator('#totp-secret .g').allTextContents()).join('');
      assert.equal(shown, secret, 'the key for manual entry, in groups of four');
      assert.ok((await page.locator('#totp-secret .g').allTextContents()).every((g) => g.length <= 4));
      if (username === 'op-new') await screenshot(page, 'console-totp-enrol-390');
    } else {
      await page.waitForURL(/\/console\/sign-in\/code$/);
    }
    clock.advance(60_000);
    await page.fill('#code', await totpCode(secret, clock.now()));
    await page.getByRole('button', { name: '次へ' }).click();
    await page.waitForURL(/\/console(\/password)?$/);
    return secret;
  }

  async function createOperator(admin: Page, username: string, role: string): Promise<string> {
    await admin.goto(`${server.url}/console/operators`);
    await admin.getByLabel('ユーザー名').fill(username);
    await admin.getByLabel('表示名').fill(username);
    await admin.getByLabel('ロール').selectOption(role);
    await admin.getByRole('button', { name: '作成' }).click();
    return (await admin.textContent('#new-password'))?.trim() ?? '';
  }

  /** The forced change page, filled in: the current (issued) password and the new one twice. */
  async function changePassword(page: Page, current: string, next: string): Promise<void> {
    await page.getByLabel('現在のパスワード').fill(current);
    await page.getByLabel('新しいパスワード', { exact: true }).fill(next);
    await page.getByLabel('新しいパスワード（確認）').fill(next);
    await page.getByRole('button', { name: '変更する' }).click();
  }

  const rowForm = (admin: Page, username: string) => admin.locator(`tr:has(td:text-is("${username}")) form`);

  test('issued password → QR enrolment → forced change → TOTP sign-in; resets with four-eyes for admins', async () => {
    const admin = await newPage();
    const adminSecret = await signIn(admin, 'admin', ADMIN_PASSWORD);
    assert.match(admin.url(), /\/console$/, 'a password the deployer chose is not forced to change');
    const issued = await createOperator(admin, 'op-new', 'operator');
    assert.ok(issued.length >= 12);

    // The new operator, on a phone.
    const op = await newPage(390);
    const secret = await signIn(op, 'op-new', issued);
    assert.match(op.url(), /\/console\/password$/);
    assert.match((await op.textContent('#must-change')) ?? '', /管理者が発行したパスワード/);
    await op.goto(`${server.url}/console/members`);
    assert.match(op.url(), /\/console\/password$/, 'every other page leads back to the change page');
    await changePassword(op, 'wrong-password-000', 'my-own-passphrase-2026');
    assert.equal(await op.locator('#current-error').textContent(), '現在のパスワードが違います。');
    assert.equal(await op.getByLabel('現在のパスワード').inputValue(), '', 'passwords are never refilled');
    await changePassword(op, issued, 'my-own-passphrase-2026');
    assert.match((await op.textContent('#password-changed')) ?? '', /パスワードを変更しました/);
    await screenshot(op, 'console-password-changed-390');
    await op.goto(`${server.url}/console/members`);
    assert.match(op.url(), /\/console\/members$/, 'the console opens once the password is changed');
    await op.getByRole('button', { name: 'サインアウト' }).click();
    await op.waitForURL(/\/console\/sign-in$/);
    await signIn(op, 'op-new', 'my-own-passphrase-2026', secret);
    assert.match(op.url(), /\/console$/);

    // English once.
    await op.goto(`${server.url}/console/password?lang=en`);
    assert.equal(await op.getByRole('heading', { level: 1 }).textContent(), 'Change password');
    assert.equal(await op.getByLabel('Current password').count(), 1);

    // The admin resets the operator's password: a temporary password, shown once, again forced to change.
    await admin.goto(`${server.url}/console/operators`);
    const form = rowForm(admin, 'op-new');
    await form.getByLabel('理由').fill('本人から電話で依頼（本人確認済み）');
    await form.getByRole('button', { name: 'パスワード再発行' }).click();
    assert.match((await admin.textContent('main')) ?? '', /仮パスワード（この画面でのみ表示）/);
    const temporary = (await admin.textContent('#new-password'))?.trim() ?? '';
    await screenshot(admin, 'console-operator-reset');
    await signIn(op, 'op-new', temporary, secret);
    assert.match(op.url(), /\/console\/password$/);

    // Two more admins; resetting one of them waits for a second admin.
    const admin2Issued = await createOperator(admin, 'admin-two', 'admin');
    const admin3Issued = await createOperator(admin, 'admin-three', 'admin');
    const admin2 = await newPage();
    await signIn(admin2, 'admin-two', admin2Issued);
    await changePassword(admin2, admin2Issued, 'second-admin-passphrase');
    const admin3 = await newPage();
    await signIn(admin3, 'admin-three', admin3Issued);
    await changePassword(admin3, admin3Issued, 'third-admin-passphrase');

    await admin.goto(`${server.url}/console/operators`);
    const toAdmin2 = rowForm(admin, 'admin-two');
    await toAdmin2.getByLabel('理由').fill('端末紛失');
    await toAdmin2.getByRole('button', { name: 'TOTP 再登録' }).click();
    assert.match((await admin.textContent('#operators-notice')) ?? '', /別の管理者の承認後/);
    const pending = admin.locator('section[aria-labelledby="pending-resets"]');
    assert.match((await pending.textContent()) ?? '', /別の管理者の承認待ち/);
    assert.match((await pending.textContent()) ?? '', /\d{4}-\d\d-\d\d \d\d:\d\d JST/);
    assert.equal(await pending.getByRole('button', { name: '承認' }).count(), 0, 'the requester cannot approve');
    await admin2.goto(`${server.url}/console/operators`);
    assert.equal(
      await admin2.locator('section[aria-labelledby="pending-resets"]').getByRole('button', { name: '承認' }).count(),
      0,
      'nor the admin being reset',
    );
    await admin3.goto(`${server.url}/console/operators`);
    await admin3.getByRole('button', { name: '承認' }).click();
    assert.match((await admin3.textContent('#operators-notice')) ?? '', /承認しました/);
    const row = await database.db
      .selectFrom('operators')
      .select('totp_secret_enc')
      .where('username', '=', 'admin-two')
      .executeTakeFirstOrThrow();
    assert.equal(row.totp_secret_enc, null);
    // The admin who was reset enrols again at the next sign-in.
    await signIn(admin2, 'admin-two', 'second-admin-passphrase');
    assert.match(admin2.url(), /\/console$/);
    assert.ok(adminSecret);
  });
});
