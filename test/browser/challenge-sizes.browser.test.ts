import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { ChallengeClient } from '../support/challenge-client.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { MerchantPeer } from '../support/peers/merchant-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

interface CSSLike {
  borderTopStyle: string;
  textDecorationLine: string;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Issue #18 item 7: the challenge asked for at window 01 (250x400) but framed at 250x400 or at 400x250 (a
 * merchant library that swaps the sides), in a cross-site iframe: every button and input is visible without
 * scrolling, and キャンセル is a link-style button well away from where a resend tap lands.
 */
describe(`challenge at 250x400 and 400x250 in a cross-site iframe [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  let merchant: MerchantPeer;
  let browser: Browser;

  before(async () => {
    database = await createTestDatabase(primaryDialect());
    merchant = await new MerchantPeer().start();
    server = await startTestServer(database, { publicHost: 'localhost' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await merchant?.stop();
    await database?.close();
  });

  async function framed(frameSize: string, lang: 'ja' | 'en') {
    const holder = await seedCardholder(database.db, server.keys);
    await server.server.deps.ranges.load();
    const client = new ChallengeClient(server.url, merchant.notificationURL);
    const ares = await client.areq(holder.pan);
    assert.equal(ares.transStatus, 'C');
    const context = await browser.newContext({
      locale: lang === 'en' ? 'en-US' : 'ja-JP',
      viewport: { width: 900, height: 800 },
    });
    const page = await context.newPage();
    const query = new URLSearchParams({
      size: '01',
      frame: frameSize,
      acsURL: ares.acsURL!,
      creq: client.creqValue('01'),
    });
    await page.goto(`${merchant.origin}/checkout?${query}`);
    await page.click('#start');
    const frame = page.frameLocator('#acs');
    await frame.locator('input[autocomplete="one-time-code"]').waitFor({ timeout: 15_000 });
    return { context, page, frame };
  }

  async function boxOf(locator: Locator): Promise<Box> {
    const box = await locator.boundingBox();
    assert.ok(box, 'rendered');
    return box;
  }

  function inside(inner: Box, outer: Box): boolean {
    return (
      inner.x >= outer.x - 0.5 &&
      inner.y >= outer.y - 0.5 &&
      inner.x + inner.width <= outer.x + outer.width + 0.5 &&
      inner.y + inner.height <= outer.y + outer.height + 0.5
    );
  }

  /** The distance between two boxes (0 when they overlap or touch). */
  function gap(a: Box, b: Box): number {
    const dx = Math.max(0, Math.max(a.x, b.x) - Math.min(a.x + a.width, b.x + b.width));
    const dy = Math.max(0, Math.max(a.y, b.y) - Math.min(a.y + a.height, b.y + b.height));
    return Math.hypot(dx, dy);
  }

  async function checkLayout(page: Page, frame: FrameLocator, names: { resend: string; cancel: string }) {
    const viewport = await boxOf(page.locator('#acs'));
    const scrollTop = await frame.locator('html').evaluate((el) => el.ownerDocument.scrollingElement?.scrollTop ?? 0);
    assert.equal(scrollTop, 0, 'nothing scrolled');
    const controls: [string, Locator][] = [
      ['e-net ID', frame.locator('#enetId')],
      ['code', frame.locator('#otp')],
      ['submit', frame.locator('button[name="action"]')],
      ['resend', frame.getByRole('button', { name: names.resend })],
      ['cancel', frame.getByRole('button', { name: names.cancel })],
      ['language', frame.locator('button[name="lang"]')],
    ];
    const boxes = new Map<string, Box>();
    for (const [name, locator] of controls) {
      const box = await boxOf(locator);
      boxes.set(name, box);
      assert.ok(inside(box, viewport), `${name} ${JSON.stringify(box)} inside the frame ${JSON.stringify(viewport)}`);
    }
    for (const name of ['submit', 'resend', 'cancel']) {
      assert.ok((boxes.get(name)?.height ?? 0) >= 24, `${name} is a real tap target`);
    }
    const resend = boxes.get('resend')!;
    const cancel = boxes.get('cancel')!;
    assert.ok(gap(resend, cancel) >= 16, `cancel and resend apart: ${gap(resend, cancel)} px`);
    assert.ok(gap(boxes.get('submit')!, cancel) >= 8, 'cancel not touching submit');
    // the page's own window (the evaluated function runs in the browser, where getComputedStyle lives)
    const look = await frame.getByRole('button', { name: names.cancel }).evaluate((el) => {
      const style = (
        el.ownerDocument.defaultView as unknown as { getComputedStyle(e: unknown): CSSLike }
      ).getComputedStyle(el);
      return { border: style.borderTopStyle, decoration: style.textDecorationLine };
    });
    assert.equal(look.decoration, 'underline', 'cancel looks like a link, not a second resend button');
  }

  for (const frameSize of ['250x400', '400x250']) {
    test(`window 01 framed at ${frameSize}: every control visible, cancel apart from resend`, async () => {
      const { context, page, frame } = await framed(frameSize, 'ja');
      assert.equal(await frame.locator('html').getAttribute('lang'), 'ja');
      await page.setViewportSize({
        width: Number(frameSize.split('x')[0]) + 20,
        height: Number(frameSize.split('x')[1]) + 60,
      });
      await screenshot(page, `challenge-01-at-${frameSize}`);
      await checkLayout(page, frame, { resend: 'SMS を再送信', cancel: 'キャンセル' });
      await context.close();
    });
  }

  test('English once, at 400x250', async () => {
    const { context, page, frame } = await framed('400x250', 'en');
    // English by Accept-Language, as in test/browser/challenge.browser.test.ts
    assert.equal(await frame.locator('html').getAttribute('lang'), 'en');
    await page.setViewportSize({ width: 420, height: 310 });
    await screenshot(page, 'challenge-01-at-400x250-en');
    await checkLayout(page, frame, { resend: 'Resend SMS', cancel: 'Cancel' });
    await context.close();
  });
});
