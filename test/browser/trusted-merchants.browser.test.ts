import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { PASSWORD, seedPortalMember } from '../portal/support.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { ChallengeClient, latestCode } from '../support/challenge-client.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { MerchantPeer } from '../support/peers/merchant-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Trusted merchants end to end in Chromium (issue #20 item 5): the challenge in the merchant's cross-site iframe
 * offers the box (the AReq's whiteListStatus N from the 3DS Server), the member ticks it and finishes; then, in the
 * portal on a phone-sized screen, the member sees the shop and removes it.
 */
describe(`trusted merchants in Chromium [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  let ds: DsPeer;
  let merchant: MerchantPeer;
  let browser: Browser;

  before(async () => {
    database = await createTestDatabase(primaryDialect());
    ds = await new DsPeer().start();
    merchant = await new MerchantPeer().start();
    server = await startTestServer(database, { publicHost: 'localhost', env: { DS_RREQ_URL: ds.url } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await Promise.all([ds?.stop(), merchant?.stop()]);
    await database?.close();
  });

  test('tick the box in the challenge, finish, then see and remove the shop in the portal', async () => {
    const holder = await seedPortalMember(database.db, server.keys);
    await server.server.deps.ranges.load();
    const client = new ChallengeClient(server.url, merchant.notificationURL);
    const ares = await client.areq(holder.pan, '2.2.0', { whiteListStatus: 'N', whiteListStatusSource: '01' });
    assert.equal(ares.transStatus, 'C');

    const shop = await browser.newContext({ locale: 'ja-JP', viewport: { width: 900, height: 800 } });
    const page = await shop.newPage();
    const query = new URLSearchParams({ size: '05', acsURL: ares.acsURL!, creq: client.creqValue('05') });
    await page.goto(`${merchant.origin}/checkout?${query}`);
    await page.click('#start');
    const frame = page.frameLocator('#acs');
    const box = frame.getByLabel('このお店を信頼できるお店に登録する');
    await box.waitFor({ timeout: 15_000 });
    assert.equal(await box.isChecked(), false, 'unticked until the member ticks it');
    await box.check();
    await screenshot(page, 'trusted-challenge-ticked');
    await frame.locator('input[autocomplete="username"]').fill(holder.enetId);
    await frame
      .locator('input[autocomplete="one-time-code"]')
      .fill(await latestCode(database.db, server.keys, client.acsTransID));
    await frame.locator('button[name="action"]').click();

    const rreq = await ds.waitFor(client.acsTransID);
    assert.deepEqual(
      [rreq.body.transStatus, rreq.body.whiteListStatus, rreq.body.whiteListStatusSource],
      ['Y', 'Y', '03'],
    );
    for (let i = 0; i < 200 && !merchant.notifications.some((n) => n.decoded.acsTransID === client.acsTransID); i++)
      await new Promise((r) => setTimeout(r, 50));
    const note = merchant.notifications.find((n) => n.decoded.acsTransID === client.acsTransID);
    assert.equal(note?.decoded.transStatus, 'Y', 'the merchant got the final CRes');
    await shop.close();

    const portal = await browser.newContext({ locale: 'ja-JP', viewport: { width: 390, height: 844 }, isMobile: true });
    const me = await portal.newPage();
    await me.goto(`${server.url}/enet`);
    await me.getByLabel('e-net サービス ID').fill(holder.enetId);
    await me.getByLabel('パスワード').fill(PASSWORD);
    await me.getByRole('button', { name: 'サインイン' }).click();
    await me.getByRole('heading', { name: 'ホーム' }).waitFor();
    await me.getByRole('link', { name: '信頼できるお店の確認・解除' }).click();
    await me.getByRole('heading', { name: '信頼できるお店' }).waitFor();
    const item = me.locator('#trusted-merchants li');
    assert.equal(await item.count(), 1);
    assert.match((await item.textContent()) ?? '', /Example Electronics/);
    assert.match((await item.textContent()) ?? '', /登録日\d{4}年\d{1,2}月\d{1,2}日/);
    await screenshot(me, 'trusted-portal-list');

    await me.getByRole('link', { name: '「Example Electronics」を解除する' }).click();
    await me.getByRole('heading', { name: '信頼できるお店の解除' }).waitFor();
    await me.getByRole('button', { name: '解除する' }).click();
    await me.getByText('信頼できるお店から外しました。').waitFor();
    await me.getByText('登録したお店はありません。').waitFor();
    const rows = await database.db
      .selectFrom('trusted_merchants')
      .select('id')
      .where('enet_id', '=', holder.enetId)
      .execute();
    assert.deepEqual(rows, []);
    await portal.close();
  });

  for (const frameSize of ['250x400', '400x250']) {
    test(`window 01 framed at ${frameSize}: with the box offered, every control still fits`, async () => {
      const holder = await seedPortalMember(database.db, server.keys);
      await server.server.deps.ranges.load();
      const client = new ChallengeClient(server.url, merchant.notificationURL);
      const ares = await client.areq(holder.pan, '2.3.1', { trustListStatus: 'N', trustListStatusSource: '01' });
      const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 900, height: 800 } });
      const page = await context.newPage();
      const query = new URLSearchParams({
        size: '01',
        frame: frameSize,
        acsURL: ares.acsURL!,
        creq: client.creqValue('01', '2.3.1'),
      });
      await page.goto(`${merchant.origin}/checkout?${query}`);
      await page.click('#start');
      const frame = page.frameLocator('#acs');
      await frame.locator('#trustMerchant').waitFor({ timeout: 15_000 });
      const outer = await page.locator('#acs').boundingBox();
      assert.ok(outer);
      for (const selector of [
        '#enetId',
        '#otp',
        '#trustMerchant',
        'button[name="action"]',
        'button[name="resend"]',
        'button[name="cancel"]',
      ]) {
        const box = await frame.locator(selector).first().boundingBox();
        assert.ok(box, selector);
        const inside =
          box.x >= outer.x - 0.5 &&
          box.y >= outer.y - 0.5 &&
          box.x + box.width <= outer.x + outer.width + 0.5 &&
          box.y + box.height <= outer.y + outer.height + 0.5;
        assert.ok(inside, `${selector} ${JSON.stringify(box)} inside ${JSON.stringify(outer)}`);
      }
      await screenshot(page, `trusted-challenge-01-at-${frameSize}`);
      await context.close();
    });
  }
});
