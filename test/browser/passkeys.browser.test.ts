import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { seedPortalMember } from '../portal/support.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { ChallengeClient, latestCode } from '../support/challenge-client.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import { passkeyTermsInForce } from '../support/passkeys.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { MerchantPeer } from '../support/peers/merchant-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openPasskeyWindow, registerPasskey } from '../support/virtual-authenticator.ts';

/**
 * Issue 21 in Chromium with its virtual authenticator (CDP WebAuthn domain): register in the portal; pay in the
 * merchant's cross-site iframe (no `allow` attribute) at window sizes 01 and 05 through our top-level window;
 * fall back to SMS; another member's passkey; a lost/stolen lock. A popup is another tab, so its authenticator is
 * added there and given the credential the portal's tab created (the same passkey on the same device).
 */
describe(`passkeys in Chromium [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  let merchant: MerchantPeer;
  let ds: DsPeer;
  let browser: Browser;

  before(async () => {
    database = await createTestDatabase(primaryDialect());
    merchant = await new MerchantPeer().start();
    ds = await new DsPeer().start();
    server = await startTestServer(database, { publicHost: 'localhost', env: { DS_RREQ_URL: ds.url } });
    await passkeyTermsInForce(database.db);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await ds?.stop();
    await merchant?.stop();
    await database?.close();
  });

  /** A member who registers a passkey in the portal with the virtual authenticator; returns its credential. */
  async function registered(context: BrowserContext, name: string) {
    const holder = await seedPortalMember(database.db, server.keys);
    const env = { url: server.url, db: database.db, keys: server.keys };
    const { page, credential } = await registerPasskey(context, env, holder, name, async (step, at) => {
      if (step === 'list') await screenshot(at, 'passkeys-portal-list');
    });
    return { holder, page, credential };
  }

  async function checkout(context: BrowserContext, pan: string, size: '01' | '05') {
    await server.server.deps.ranges.load();
    const client = new ChallengeClient(server.url, merchant.notificationURL);
    const ares = await client.areq(pan);
    assert.equal(ares.transStatus, 'C');
    const page = await context.newPage();
    const query = new URLSearchParams({ size, acsURL: ares.acsURL!, creq: client.creqValue(size) });
    await page.goto(`${merchant.origin}/checkout?${query}`);
    await page.click('#start');
    const frame = page.frameLocator('#acs');
    await frame.locator('#passkey-open').waitFor({ timeout: 15_000 });
    return { client, page, frame };
  }

  async function notifiedStatus(acsTransID: string): Promise<string | undefined> {
    for (let i = 0; i < 100; i++) {
      const n = merchant.notifications.find((x) => x.decoded.acsTransID === acsTransID);
      if (n) return n.decoded.transStatus;
      await new Promise((r) => setTimeout(r, 150));
    }
    return undefined;
  }

  test('register in the portal, then pay with the passkey at window sizes 01 and 05: Y, ECI 05, CAVV verifies, RReq once', async () => {
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 900, height: 800 } });
    const { holder, credential } = await registered(context, '私のスマホ');
    for (const size of ['01', '05'] as const) {
      const { client, page, frame } = await checkout(context, holder.pan, size);
      await screenshot(page, `passkeys-offer-${size}`);
      const popup = await openPasskeyWindow(context, frame, credential);
      await popup.getByRole('button', { name: 'パスキーで認証' }).click();
      await popup.getByRole('heading', { name: '認証しました' }).waitFor();
      await screenshot(popup, `passkeys-window-approved-${size}`);
      assert.equal(await notifiedStatus(client.acsTransID), 'Y', 'the frame moved on by itself');
      const rreq = await ds.waitFor(client.acsTransID);
      assert.equal(rreq.body.transStatus, 'Y');
      assert.equal(rreq.body.eci, '05');
      const verify = await server.api('/api/v1/cavv/verify', {
        body: { pan: holder.pan, cavv: rreq.body.authenticationValue, eci: '05', acsTransID: client.acsTransID },
      });
      assert.deepEqual(await verify.json(), { valid: true, kind: 'authenticated', acsTransID: client.acsTransID });
      assert.equal(ds.forTransaction(client.acsTransID).length, 1, 'RReq once');
      // The credential's counter moved on: the next window gets it as the authenticator now holds it.
      credential.signCount += 1;
      await popup.close();
      await page.close();
    }
    await context.close();
  });

  test("SMS one tap away; another member's passkey is refused; a lost/stolen lock ends it", async () => {
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 900, height: 800 } });
    const taro = await registered(context, 'たろうの端末');
    // Another member, in another browser profile (one portal session per profile).
    const hanakoContext = await browser.newContext({ locale: 'ja-JP' });
    const hanako = await registered(hanakoContext, 'はなこの端末');
    await hanakoContext.close();

    // SMS fallback
    const sms = await checkout(context, taro.holder.pan, '05');
    await sms.frame.getByText('SMS で認証する').click();
    await sms.frame.locator('input[autocomplete="username"]').fill(taro.holder.enetId);
    await sms.frame
      .locator('input[autocomplete="one-time-code"]')
      .fill(await latestCode(database.db, server.keys, sms.client.acsTransID));
    await sms.frame.getByRole('button', { name: '認証する' }).click();
    assert.equal(await notifiedStatus(sms.client.acsTransID), 'Y');
    assert.equal((await ds.waitFor(sms.client.acsTransID)).body.authenticationType, '02');

    // Another member's passkey: the browser finds none of the allowed credentials, nothing is approved.
    const other = await checkout(context, taro.holder.pan, '01');
    const wrongWindow = await openPasskeyWindow(context, other.frame, hanako.credential);
    await wrongWindow.getByRole('button', { name: 'パスキーで認証' }).click();
    await wrongWindow.locator('#webauthn-error').waitFor({ state: 'visible' });
    const open = await database.db
      .selectFrom('transactions')
      .select('state')
      .where('acs_trans_id', '=', other.client.acsTransID)
      .executeTakeFirstOrThrow();
    assert.equal(open.state, 'challenge_in_progress');
    await wrongWindow.close();

    // A lost/stolen report while the window is open: the challenge ends N, the passkey approves nothing.
    const rightWindow = await openPasskeyWindow(context, other.frame, taro.credential);
    await taro.page.goto(`${server.url}/enet/lost`);
    await taro.page.getByRole('button', { name: /紛失・盗難を届け出て/ }).click();
    await rightWindow.getByRole('button', { name: 'パスキーで認証' }).click();
    await rightWindow.getByRole('heading', { name: 'この認証は終了しています' }).waitFor();
    assert.equal(await notifiedStatus(other.client.acsTransID), 'N');
    const disabled = await database.db
      .selectFrom('passkeys')
      .select('disabled_reason')
      .where('enet_id', '=', taro.holder.enetId)
      .executeTakeFirstOrThrow();
    assert.equal(disabled.disabled_reason, 'enrollment:lost_stolen_reported');
    await context.close();
  });
});
