import type { Browser, Page } from 'playwright-core';
import type { Role } from '../../src/features/console/service/roles.ts';
import type { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { totpCode } from '../../src/infra/crypto/totp.ts';
import type { Db } from '../../src/storage/database.ts';
import { makeOperator } from '../console/support.ts';

/**
 * A new operator of `role` signed in to the console in a context of its own (password, then the TOTP code of
 * `at`, the server's time), on the dashboard in `lang`.
 */
export async function signedInConsole(
  browser: Browser,
  server: { url: string; keys: KeyRing },
  db: Db,
  role: Role,
  options: { lang: 'ja' | 'en'; viewport: { width: number; height: number }; at?: Date },
): Promise<{ page: Page; username: string }> {
  const op = await makeOperator(db, server.keys, role);
  const locale = options.lang === 'en' ? 'en-US' : 'ja-JP';
  const page = await (await browser.newContext({ locale, viewport: options.viewport })).newPage();
  const query = options.lang === 'en' ? '?lang=en' : '';
  await page.goto(`${server.url}/console/sign-in${query}`);
  await page.fill('#username', op.principal.username);
  await page.fill('#password', op.password);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/console\/sign-in\/code/);
  await page.fill('#code', await totpCode(op.secret, options.at ?? new Date()));
  await page.click('button[type=submit]');
  await page.waitForURL(/\/console(\?lang=en)?$/);
  return { page, username: op.principal.username };
}
