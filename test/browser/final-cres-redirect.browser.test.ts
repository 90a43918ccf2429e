import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { ChallengeClient } from '../support/challenge-client.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { MerchantPeer } from '../support/peers/merchant-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** A loopback server on its own port (its own origin) answering with `handle`. */
async function serve(
  handle: (path: string, method: string) => { status: number; headers: Record<string, string>; body: string },
) {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const answer = handle(new URL(req.url ?? '/', 'http://x').pathname, req.method ?? 'GET');
      res.writeHead(answer.status, answer.headers).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/**
 * Issue 14 item 16: a payment provider's notificationURL receives the CRes and answers with a redirect to the
 * merchant's own page on another origin; the cardholder's browser must land there, not stay on the final page.
 */
describe(`final CRes page: the notificationURL redirects to another origin [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  let ds: DsPeer;
  let merchant: MerchantPeer;
  let provider: { server: Server; origin: string };
  let shop: { server: Server; origin: string };
  let browser: Browser;
  let notified = 0;

  before(async () => {
    database = await createTestDatabase(primaryDialect());
    ds = await new DsPeer().start();
    merchant = await new MerchantPeer().start();
    shop = await serve(() => ({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<!doctype html><p id="landed">order complete</p>',
    }));
    provider = await serve((path, method) => {
      if (method === 'POST' && path === '/notify') notified++;
      const status = path === '/notify' ? 303 : 302;
      return { status, headers: { location: `${shop.origin}/order/done` }, body: '' };
    });
    server = await startTestServer(database, { publicHost: 'localhost', env: { DS_RREQ_URL: ds.url } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    for (const s of [provider?.server, shop?.server]) await new Promise((r) => s?.close(r));
    await Promise.all([ds?.stop(), merchant?.stop()]);
    await database?.close();
  });

  test('cancelling ends on the merchant page the provider redirected to (303 to another origin)', async () => {
    const holder = await seedCardholder(database.db, server.keys);
    await server.server.deps.ranges.load();
    const client = new ChallengeClient(server.url, `${provider.origin}/notify`);
    const ares = await client.areq(holder.pan);
    assert.equal(ares.transStatus, 'C');
    const context = await browser.newContext({ viewport: { width: 900, height: 800 } });
    const page = await context.newPage();
    const query = new URLSearchParams({ size: '05', acsURL: ares.acsURL!, creq: client.creqValue('05') });
    await page.goto(`${merchant.origin}/checkout?${query}`);
    await page.click('#start');
    const frame = page.frameLocator('#acs');
    await frame.locator('button[name="cancel"]').click();
    await frame.locator('#landed').waitFor({ timeout: 15_000 });
    const landed = page.frames().find((f) => f.url().startsWith(shop.origin));
    assert.ok(
      landed,
      `the iframe is at ${page
        .frames()
        .map((f) => f.url())
        .join(', ')}`,
    );
    assert.equal(notified, 1, 'the provider received the CRes once');
    await context.close();
  });
});
