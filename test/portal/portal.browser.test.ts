import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { ChallengeClient, latestCode } from '../support/challenge-client.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import type { SeededCardholder } from '../support/fixtures.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { freshMobile, PASSWORD, registrationCodeFor, seedPortalMember } from './support.ts';

async function text(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? '';
}

/**
 * Every portal flow in Japanese in Chromium, on a phone-sized screen: sign-in, registration with the SMS code,
 * change, history, fraud report, unregistration and registration again, lost/stolen lock, terms acceptance.
 */
describe(`member portal in Chromium [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let member: SeededCardholder;
  let phone: string;

  before(async () => {
    database = await createTestDatabase(primaryDialect());
    server = await startTestServer(database, { publicHost: 'localhost', env: { ISSUER_CALL_CENTRE: '0120-987-654' } });
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

  async function home(): Promise<void> {
    await page.getByRole('link', { name: 'ホーム', exact: true }).click();
    await page.getByRole('heading', { name: 'ホーム' }).waitFor();
  }

  /** Phone form → SMS code (read from the outbox, as the phone would) → confirm. */
  async function registerPhone(number: string, withTerms: boolean): Promise<void> {
    await page.getByLabel('携帯電話番号').fill(number.replace('+81', '0'));
    if (withTerms) await page.getByLabel(/利用規約に同意します/).check();
    await page.getByRole('button', { name: '確認コードを送る' }).click();
    await page.getByLabel('確認コード（6 桁）').waitFor();
    await page.getByLabel('確認コード（6 桁）').fill(await registrationCodeFor(database.db, server.keys, number));
    await page.getByRole('button', { name: '登録する' }).click();
  }

  test('sign-in: the cookie is __Host-, Secure, HttpOnly, SameSite=Lax; home in Japanese', async () => {
    await page.goto(url('/enet'));
    await page.getByRole('heading', { name: 'サインイン' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'ja');
    await page.getByLabel('e-net サービス ID').fill(member.enetId);
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('heading', { name: 'ホーム' }).waitFor();
    assert.match(await text(page.locator('#enrollment-status')), /未登録です/);
    const [cookie] = await context.cookies();
    assert.equal(cookie?.name, '__Host-ninsho_enet');
    assert.deepEqual([cookie?.secure, cookie?.httpOnly, cookie?.sameSite, cookie?.path], [true, true, 'Lax', '/']);
    await screenshot(page, 'portal-home-not-enrolled');
  });

  test('register a phone with the SMS code, accepting the terms', async () => {
    await page.getByRole('link', { name: '電話番号を登録する' }).click();
    await page.getByRole('heading', { name: '電話番号の登録' }).waitFor();
    await registerPhone(member.phone, true);
    await page.getByRole('heading', { name: '電話番号を登録しました' }).waitFor();
    await home();
    assert.match(await text(page.locator('#enrollment-status')), /登録済みです/);
    assert.match(await text(page.locator('#masked-phone')), /090-\*\*\*\*-\d{4}/);
    assert.match(await text(page.locator('#terms-status')), /2024-05-31 版に同意済み/);
    phone = member.phone;
  });

  test('change the phone: the old number is told, the new one receives codes', async () => {
    await page.getByRole('link', { name: '電話番号を変更する' }).click();
    await page.getByRole('heading', { name: '電話番号の変更' }).waitFor();
    const next = freshMobile();
    await registerPhone(next, false);
    await page.getByRole('heading', { name: '電話番号を変更しました' }).waitFor();
    const notice = await database.db
      .selectFrom('sms_messages')
      .select('id')
      .where('to_mac', '=', server.keys.mac('phone', phone))
      .where('purpose', '=', 'phone_changed')
      .execute();
    assert.equal(notice.length, 1);
    phone = next;
    await screenshot(page, 'portal-phone-changed');
  });

  test('history shows the authentications; "I don’t recognise this" leads to a fraud report with a reference', async () => {
    const ok = new ChallengeClient(server.url);
    await ok.areq(member.pan, '2.2.0', {
      merchantName: 'ブラウザ書店',
      purchaseAmount: '5400',
      purchaseCurrency: '392',
    });
    await ok.creq();
    await ok.submit(member.enetId, await latestCode(database.db, server.keys, ok.acsTransID));
    assert.equal(ok.finalCRes()?.transStatus, 'Y', 'codes go to the new number');
    const cancelled = new ChallengeClient(server.url);
    await cancelled.areq(member.pan, '2.2.0', {
      merchantName: '覚えのない店',
      purchaseAmount: '99800',
      purchaseCurrency: '392',
    });
    await cancelled.creq();
    await cancelled.cancel();
    await page.getByRole('link', { name: '認証履歴' }).first().click();
    await page.getByRole('heading', { name: '認証履歴' }).waitFor();
    const rows = page.locator('#history li');
    assert.equal(await rows.count(), 2);
    assert.match(await text(rows.nth(0)), /覚えのない店[\s\S]*¥99,800[\s\S]*キャンセル/);
    assert.match(await text(rows.nth(1)), /ブラウザ書店[\s\S]*認証成功/);
    await rows.nth(0).getByRole('link', { name: '心当たりがない' }).click();
    await page.getByRole('heading', { name: '身に覚えのない取引の届出' }).waitFor();
    assert.equal(await page.locator(`input[value="${cancelled.acsTransID}"]`).isChecked(), true);
    await page.getByLabel('状況（いつ、どのように気づいたかなど）').fill('<b>身に覚えのない</b>請求です。');
    await page.getByLabel('電話').check();
    await page.getByRole('button', { name: '届け出る' }).click();
    await page.getByRole('heading', { name: '届出を受け付けました' }).waitFor();
    const reference = await text(page.locator('#reference'));
    assert.match(reference, /^FR-\d{4}-\d{6}$/);
    assert.match(await text(page.locator('.terms-body')), /<b>身に覚えのない<\/b>/, 'shown as text, not markup');
    await screenshot(page, 'portal-fraud-receipt');
  });

  test('unregister, then register again', async () => {
    await home();
    await page.getByRole('link', { name: '登録を解除する' }).click();
    await page.getByRole('button', { name: '登録を解除する' }).click();
    await page.getByRole('heading', { name: '登録を解除しました' }).waitFor();
    await home();
    assert.match(await text(page.locator('#enrollment-status')), /いつでも登録し直せます/);
    await page.getByRole('link', { name: '電話番号を登録する' }).click();
    await registerPhone(phone, true);
    await page.getByRole('heading', { name: '電話番号を登録しました' }).waitFor();
  });

  test('lost/stolen: one button, locked at once, call centre shown; then an AReq is not challenged, no SMS', async () => {
    await home();
    await page.getByRole('link', { name: '携帯電話の紛失・盗難を届け出る' }).click();
    await page.getByRole('button', { name: '紛失・盗難を届け出て、サービスを停止する' }).click();
    await page.getByRole('heading', { name: '届出を受け付け、本人認証サービスを停止しました' }).waitFor();
    assert.equal(await text(page.locator('#call-centre')), '0120-987-654');
    await screenshot(page, 'portal-lost-stolen');
    const smsBefore = await database.db.selectFrom('sms_messages').select('id').execute();
    const { json } = await postAReq(server.url, browserAReq(member.pan));
    assert.deepEqual([json.transStatus, json.transStatusReason], ['N', '12']);
    const smsAfter = await database.db.selectFrom('sms_messages').select('id').execute();
    assert.equal(smsAfter.length, smsBefore.length, 'no SMS');
    await home();
    assert.match(await text(page.locator('#enrollment-status')), /紛失・盗難の届出により/);
  });

  test('terms: read the current version and accept it', async () => {
    const other = await seedPortalMember(database.db, server.keys);
    const second = await browser.newContext({ locale: 'ja-JP', viewport: { width: 390, height: 844 } });
    const p = await second.newPage();
    await p.goto(url('/enet/login'));
    await p.getByLabel('e-net サービス ID').fill(other.enetId);
    await p.getByLabel('パスワード').fill(PASSWORD);
    await p.getByRole('button', { name: 'サインイン' }).click();
    await p.getByRole('heading', { name: 'ホーム' }).waitFor();
    assert.match(await text(p.locator('#terms-status')), /最新の利用規約（2024-05-31 版）/);
    await p.getByRole('link', { name: '利用規約を確認する' }).click();
    await p.getByRole('heading', { name: '本人認証サービス利用規約', exact: true }).waitFor();
    await p.getByLabel(/上記の利用規約に同意します/).check();
    await p.getByRole('button', { name: '同意する' }).click();
    await p.getByText('利用規約への同意を記録しました。').waitFor();
    assert.match(await text(p.locator('#accepted')), /2024-05-31 版に .+ に同意いただいています/);
    const consent = await database.db
      .selectFrom('terms_consents')
      .select('terms_version_id')
      .where('enet_id', '=', other.enetId)
      .executeTakeFirstOrThrow();
    assert.equal(consent.terms_version_id, 'terms_2024-05-31');
    await second.close();
  });
});
