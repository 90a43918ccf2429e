import assert from 'node:assert/strict';
import type { BrowserContext, CDPSession, FrameLocator, Page } from 'playwright-core';
import { recordConsent } from '../../src/features/terms/service/acceptance.ts';
import type { KeyRing } from '../../src/infra/crypto/keyring.ts';
import type { Db } from '../../src/storage/database.ts';
import { PASSWORD } from '../portal/support.ts';
import { PASSKEY_TERMS_ID, passkeyCodeFor, passkeyTermsInForce } from './passkeys.ts';

/** A credential as the DevTools protocol's WebAuthn domain hands it out and takes it in. */
export interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
}

/** Chromium's virtual authenticator (CDP WebAuthn domain) on one page: a platform authenticator that verifies the user. */
export async function authenticatorOn(context: BrowserContext, page: Page): Promise<{ cdp: CDPSession; id: string }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return { cdp, id: authenticatorId };
}

export interface PortalMember {
  enetId: string;
  phone: string;
  /** The portal password (test/portal/support.ts PASSWORD unless given). */
  password?: string;
}

/**
 * The member accepts the passkey terms, signs in to the portal and registers a passkey named `name` with the
 * virtual authenticator. `onStep` sees each page on the way (the code page, the naming page) for checks or
 * pictures. Returns the portal page (on the passkey list) and the credential the authenticator made.
 */
export async function registerPasskey(
  context: BrowserContext,
  env: { url: string; db: Db; keys: KeyRing },
  member: PortalMember,
  name: string,
  onStep: (step: 'code' | 'name' | 'list', page: Page) => Promise<void> = async () => {},
): Promise<{ page: Page; credential: VirtualCredential }> {
  await passkeyTermsInForce(env.db);
  await recordConsent(env.db, { enetId: member.enetId, versionId: PASSKEY_TERMS_ID, ip: '127.0.0.1', at: new Date() });
  const page = await context.newPage();
  const auth = await authenticatorOn(context, page);
  await page.goto(`${env.url}/enet/login`);
  await page.getByLabel('e-net サービス ID').fill(member.enetId);
  await page.getByLabel('パスワード').fill(member.password ?? PASSWORD);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.waitForURL(/\/enet$/);
  await page.goto(`${env.url}/enet/passkeys`);
  await page.getByRole('button', { name: 'パスキーを登録する' }).click();
  await page.getByLabel('確認コード（6 桁）').waitFor();
  await onStep('code', page);
  await page.getByLabel('確認コード（6 桁）').fill(await passkeyCodeFor(env.db, env.keys, member.phone));
  await page.getByRole('button', { name: '確認する' }).click();
  await page.getByLabel('パスキーの名前').waitFor();
  await onStep('name', page);
  await page.getByLabel('パスキーの名前').fill(name);
  await page.getByRole('button', { name: '登録する' }).click();
  await page.locator('#passkeys').waitFor();
  assert.match((await page.locator('#passkeys').textContent()) ?? '', new RegExp(name));
  await onStep('list', page);
  const { credentials } = (await auth.cdp.send('WebAuthn.getCredentials', { authenticatorId: auth.id })) as {
    credentials: VirtualCredential[];
  };
  assert.equal(credentials.length, 1);
  return { page, credential: credentials[0]! };
}

/**
 * Taps パスキーで認証 in the merchant's frame; the top-level window it opens gets an authenticator holding
 * `credential` (a popup is another tab: the same passkey on the same device).
 */
export async function openPasskeyWindow(
  context: BrowserContext,
  frame: FrameLocator,
  credential: VirtualCredential,
): Promise<Page> {
  const [popup] = await Promise.all([context.waitForEvent('page'), frame.locator('#passkey-open').click()]);
  await popup.waitForLoadState('domcontentloaded');
  const auth = await authenticatorOn(context, popup);
  await auth.cdp.send('WebAuthn.addCredential', { authenticatorId: auth.id, credential });
  return popup;
}
