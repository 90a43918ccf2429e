import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, FrameLocator } from 'playwright-core';
import { ManualClock } from '../../src/core/clock.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { ChallengeClient } from '../support/challenge-client.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import { type SeededCardholder, seedCardholder } from '../support/fixtures.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { MerchantPeer } from '../support/peers/merchant-peer.ts';
import { startTwilioPeer, type TwilioPeer } from '../support/peers/twilio-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe(`browser challenge in a cross-site iframe [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  let ds: DsPeer;
  let merchant: MerchantPeer;
  let twilio: TwilioPeer;
  let browser: Browser;
  const clock = new ManualClock(new Date());

  before(async () => {
    database = await createTestDatabase(primaryDialect());
    ds = await new DsPeer().start();
    merchant = await new MerchantPeer().start();
    twilio = await startTwilioPeer();
    server = await startTestServer(database, {
      clock,
      publicHost: 'localhost',
      env: {
        DS_RREQ_URL: ds.url,
        SMS_PROVIDER: 'twilio',
        TWILIO_API_BASE: twilio.apiBase,
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_FROM: '+15005550006',
      },
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await Promise.all([ds?.stop(), merchant?.stop(), twilio?.close()]);
    await database?.close();
  });

  /** Starts a purchase: the DS side by HTTP, then the merchant page posts the CReq into its iframe. */
  async function checkout(size: string, opts: { js?: boolean; lang?: string } = {}) {
    const holder = await seedCardholder(database.db, server.keys);
    await server.server.deps.ranges.load();
    const client = new ChallengeClient(server.url, merchant.notificationURL);
    const ares = await client.areq(holder.pan);
    assert.equal(ares.transStatus, 'C');
    const context = await browser.newContext({
      javaScriptEnabled: opts.js ?? true,
      locale: opts.lang === 'en' ? 'en-US' : 'ja-JP',
      viewport: { width: 900, height: 800 },
    });
    const page = await context.newPage();
    const query = new URLSearchParams({ size, acsURL: ares.acsURL!, creq: client.creqValue(size) });
    await page.goto(`${merchant.origin}/checkout?${query}`);
    await page.click('#start');
    const frame = page.frameLocator('#acs');
    await frame.locator('input[autocomplete="one-time-code"]').waitFor({ timeout: 15_000 });
    return { holder, client, context, page, frame };
  }

  async function codeFor(holder: SeededCardholder): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const sms = twilio
        .received()
        .filter((m) => m.to === holder.phone)
        .at(-1);
      const code = sms && /認証コード(\d{6})/.exec(sms.body)?.[1];
      if (code) return code;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('no SMS reached the Twilio peer');
  }

  async function enter(frame: FrameLocator, enetId: string, code: string) {
    await frame.locator('input[autocomplete="username"]').fill(enetId);
    await frame.locator('input[autocomplete="one-time-code"]').fill(code);
    await frame.locator('button[name="action"]').click();
  }

  async function merchantGot(acsTransID: string) {
    for (let i = 0; i < 200; i++) {
      const hit = merchant.notifications.find((n) => n.decoded.acsTransID === acsTransID);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the merchant never received the final CRes');
  }

  for (const size of ['01', '05']) {
    test(`window ${size}: code from the SMS peer → CRes Y at the merchant, RReq Y/ECI 05, CAVV verifies`, async () => {
      const { holder, client, context, page, frame } = await checkout(size);
      await enter(frame, holder.enetId, await codeFor(holder));
      const note = await merchantGot(client.acsTransID);
      assert.equal(note.decoded.transStatus, 'Y');
      assert.equal(note.threeDSSessionData, 'bWVyY2hhbnQtc2Vzc2lvbg');
      const rreq = await ds.waitFor(client.acsTransID);
      assert.equal(rreq.body.transStatus, 'Y');
      assert.equal(rreq.body.eci, '05');
      const verify = await server.api('/api/v1/cavv/verify', {
        body: { pan: holder.pan, cavv: rreq.body.authenticationValue, eci: '05' },
      });
      assert.equal(((await verify.json()) as { valid: boolean }).valid, true);
      assert.deepEqual(await context.cookies(), [], 'no cookies of any kind');
      await page.waitForTimeout(100);
      await context.close();
    });
  }

  test('screenshots of the Japanese page at every window size', async () => {
    for (const size of ['01', '02', '03', '04', '05']) {
      const { context, page, frame } = await checkout(size);
      assert.equal(await frame.locator('html').getAttribute('lang'), 'ja');
      await screenshot(page, `challenge-ja-${size}`);
      await context.close();
    }
  });

  test('wrong code five times → N/19 at the merchant and the DS', async () => {
    const { holder, client, context, frame } = await checkout('02');
    const code = await codeFor(holder);
    const wrong = String((Number(code) + 7) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 4; i++) {
      await enter(frame, holder.enetId, wrong);
      await frame.locator('[role="alert"]').waitFor();
    }
    await enter(frame, holder.enetId, wrong);
    const note = await merchantGot(client.acsTransID);
    assert.equal(note.decoded.transStatus, 'N');
    assert.equal((await ds.waitFor(client.acsTransID)).body.transStatusReason, '19');
    await context.close();
  });

  test('cancel → N with challengeCancel 01', async () => {
    const { client, context, frame } = await checkout('03');
    await frame.locator('button[name="cancel"]').click();
    assert.equal((await merchantGot(client.acsTransID)).decoded.transStatus, 'N');
    assert.equal((await ds.waitFor(client.acsTransID)).body.challengeCancel, '01');
    await context.close();
  });

  test('an expired code is refused with a message; resend after the cooldown gives a code that works', async () => {
    const { holder, client, context, frame } = await checkout('04');
    const first = await codeFor(holder);
    clock.advance(server.config.OTP_TTL_SECONDS * 1000 + 1000);
    await enter(frame, holder.enetId, first);
    await frame.locator('[role="alert"]').waitFor();
    const before = twilio.received().length;
    await frame.locator('button[name="resend"]').click();
    await frame.locator('[role="status"]').waitFor();
    for (let i = 0; i < 100 && twilio.received().length === before; i++) await new Promise((r) => setTimeout(r, 50));
    const second = await codeFor(holder);
    assert.notEqual(second, first);
    await enter(frame, holder.enetId, second);
    assert.equal((await merchantGot(client.acsTransID)).decoded.transStatus, 'Y');
    await context.close();
  });

  test('without JavaScript: the challenge works and the final page has a button to continue', async () => {
    const { holder, client, context, frame } = await checkout('05', { js: false });
    await enter(frame, holder.enetId, await codeFor(holder));
    await frame.locator('form button[type="submit"]').first().click();
    assert.equal((await merchantGot(client.acsTransID)).decoded.transStatus, 'Y');
    await context.close();
  });

  test('English by Accept-Language', async () => {
    const { context, frame, page } = await checkout('05', { lang: 'en' });
    assert.equal(await frame.locator('html').getAttribute('lang'), 'en');
    await screenshot(page, 'challenge-en-05');
    await context.close();
  });
});
