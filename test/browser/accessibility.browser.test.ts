import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { seedDemo } from '../../demo/seed/seed.ts';
import { systemClock } from '../../src/app/runtime.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { QUESTION_NAMES } from '../../src/core/investigation/liability-clauses.ts';
import { CONSOLE_ROUTES } from '../../src/features/console/access.ts';
import { bootstrapConsole } from '../../src/features/console/service/operators.ts';
import type { Role } from '../../src/features/console/service/roles.ts';
import { requestCooperation } from '../../src/features/investigations/service/cooperation.ts';
import { recordDecision } from '../../src/features/investigations/service/decisions.ts';
import { addContact, addNote, assignCase, recordFindings } from '../../src/features/investigations/service/facts.ts';
import { runImport } from '../../src/features/issuer-api/import/importer.ts';
import { mailNotice } from '../../src/features/operations/service/mailings.ts';
import { publishNotice } from '../../src/features/operations/service/notices.ts';
import { DEMO_PORTAL_PASSWORD } from '../../src/features/portal/service/passwords.ts';
import { runBacktest } from '../../src/features/risk/backtest.ts';
import { recordConsent } from '../../src/features/terms/service/acceptance.ts';
import { TRUSTED_NAME_CONTEXT } from '../../src/infra/crypto/seal-contexts.ts';
import { totpCode } from '../../src/infra/crypto/totp.ts';
import { insertTrustedMerchant } from '../../src/storage/repositories/trusted-merchants.ts';
import { consoleDeps } from '../console/support.ts';
import { recordPurchase } from '../investigations/support.ts';
import { seedPortalMember } from '../portal/support.ts';
import { axeViolations, describeViolations } from '../support/axe.ts';
import { launchBrowser, RESULTS_DIR } from '../support/browser.ts';
import { ChallengeClient, latestCode } from '../support/challenge-client.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { PASSKEY_TERMS_ID, passkeyTermsInForce } from '../support/passkeys.ts';
import { MerchantPeer } from '../support/peers/merchant-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openPasskeyWindow, registerPasskey } from '../support/virtual-authenticator.ts';

const ADMIN_PASSWORD = 'console-admin-pass-0001';
const VIEWPORTS = [
  { name: '1280', width: 1280, height: 800 },
  { name: '390', width: 390, height: 844 },
] as const;
type Viewport = (typeof VIEWPORTS)[number];

/** Screenshots for a reviewer (gitignored with the rest of test-results/). */
const SCREENS = join(RESULTS_DIR, 'screens');

/** About a minute on a quiet machine; a loaded shared one can take several (scripts/test.mjs allows 3 by default). */
const SLOW = { timeout: 600_000 };

/**
 * A code where a word belongs (issue #18 item 2): a snake_case or dotted identifier such as `result_acknowledged`
 * or `member.lock_lifted`. What is meant to be read literally is taken out first (ALLOWED).
 */
const CODE_TOKEN = /\b[a-z]+(?:[_.][a-z]+)+\b/g;
/** What may legitimately look like a code on a console page, each with why. */
const ALLOWED: readonly RegExp[] = [
  // an e-mail address (a member's, an operator's) is data the operator reads and types as it is
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
  // a URL (the otpauth:// URI at enrolment, the DS and notification URLs) is copied as it is
  /\b[a-z][a-z0-9+.-]*:\/\/\S+/g,
  // a documentation file the go-live checklist's fixes point to (docs/operations.md) is opened by that name
  /\bdocs\/[\w./-]+\.md\b/g,
];
/**
 * The page's visible text without its <pre> blocks: those show stored records verbatim on purpose (the
 * protocol messages as the parties sent them, the audit row's before/after that the hash chain covers).
 */
const VISIBLE_TEXT = `(() => {
  let text = document.body.innerText;
  for (const pre of document.querySelectorAll('pre')) text = text.split(pre.innerText).join(' ');
  return text;
})()`;
/** The code tokens in a page's visible text, allowed ones removed. */
function codeTokens(text: string): string[] {
  let rest = text;
  for (const pattern of ALLOWED) rest = rest.replace(pattern, ' ');
  return [...new Set(rest.match(CODE_TOKEN) ?? [])];
}

/** Console GET routes that answer a file, not a page. */
const NOT_PAGES = new Set(['/console/cases/:id/attachments/:attachmentId']);

/**
 * The innermost elements that reach past the window's right edge (outside any scroll region), named by tag, class
 * and id, so a sideways-scroll report says what to fix.
 */
const WIDEST_ELEMENTS = `(() => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.scroll')) continue;
    if (el.getBoundingClientRect().right <= window.innerWidth + 1) continue;
    if ([...el.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 1)) continue;
    out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + String(el.className).split(' ').join('.') : ''));
  }
  return [...new Set(out)].slice(0, 4).join(', ') || 'no single element';
})()`;

/**
 * axe-core (WCAG 2.0/2.1 A and AA, best practices) over every member portal page, the challenge page in each
 * state inside a cross-site iframe, and every console page (taken from CONSOLE_ROUTES, so a new screen is
 * checked without editing this file), at 1280 px and on a 390 px phone. A serious or critical violation fails;
 * no page may scroll sideways at 390 px (wide tables scroll inside their own region). Screenshots land in test-results/screens/.
 */
/** The trusted merchant the portal pages show (seeded below). */
const TRUSTED_ID = 'tmer_A11Y0000000000000000000000';

describe(`accessibility in Chromium [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  let merchant: MerchantPeer;
  let browser: Browser;

  before(async () => {
    mkdirSync(SCREENS, { recursive: true });
    database = await createTestDatabase(primaryDialect());
    merchant = await new MerchantPeer().start();
    server = await startTestServer(database, {
      publicHost: 'localhost',
      env: { CONSOLE_ADMIN_PASSWORD: ADMIN_PASSWORD, ISSUER_CALL_CENTRE: '0120-987-654' },
    });
    await bootstrapConsole(database.db, server.config, new Date());
    await seedDemo({ db: database.db, keys: server.keys, clock: systemClock });
    await server.server.deps.ranges.load();
    // terms that describe passkeys, accepted by 佐藤 花子, so the passkey registration pages can be drawn
    await passkeyTermsInForce(database.db);
    await recordConsent(database.db, {
      enetId: 'demo-hanako',
      versionId: PASSKEY_TERMS_ID,
      ip: '127.0.0.1',
      at: new Date(),
    });
    // a published notice emailed to members, so /notices lists it and /console/mailings/:id has an id
    const deps = { db: database.db, clock: systemClock };
    const notice = await publishNotice(
      deps,
      {
        kind: 'service_change',
        title: 'サービス内容の変更について',
        titleEn: 'A change to the service',
        body: '本人認証サービスの画面を改善しました。',
        bodyEn: 'We have improved the authentication screens.',
      },
      'system:test',
    );
    await mailNotice(deps, notice, 'system:test');
    // an import with one refused line, so /console/imports/:id has an id and shows its error list
    await runImport(
      { db: database.db, keys: server.keys, clock: systemClock },
      [
        Buffer.from(
          '{"enetId":"a11y-import","name":"検査 一郎","email":"a11y@example.jp","status":"active"}\n{broken\n',
        ),
      ],
      { importId: 'a11y-import', source: 'cli', actor: 'cli' },
    );
    // a trusted merchant of 佐藤 花子 (issue #20 item 5), for /enet/trusted-merchants and its confirm page
    await insertTrustedMerchant(database.db, {
      id: TRUSTED_ID,
      enetId: 'demo-hanako',
      merchantMac: server.keys.mac('risk', 'merchant:name:a11y'),
      merchantNameEnc: server.keys.encrypt('ニンショウ書店 オンラインストア', TRUSTED_NAME_CONTEXT),
      addedFrom: 'challenge',
      acsTransID: null,
      at: new Date(),
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await merchant?.stop();
    await database?.close();
  });

  const url = (path: string) => `${server.url}${path}`;

  /** Findings of one test: every page is checked before the test fails, so one run lists everything. */
  function collector() {
    const problems: string[] = [];
    let checked = 0;
    return {
      problems,
      get checked() {
        return checked;
      },
      async check(target: Page | Frame, where: string, viewport: Viewport, opts: { words?: boolean } = {}) {
        checked++;
        const violations = await axeViolations(target);
        if (violations.length > 0) problems.push(describeViolations(where, violations));
        if (opts.words) {
          const tokens = codeTokens(String(await target.evaluate(VISIBLE_TEXT)));
          if (tokens.length > 0) problems.push(`${where}: codes instead of words: ${tokens.join(', ')}`);
        }
        if (viewport.name === '390') {
          const { scrollWidth, innerWidth } = (await target.evaluate(
            '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
          )) as { scrollWidth: number; innerWidth: number };
          if (scrollWidth > innerWidth) {
            const culprits = String(await target.evaluate(WIDEST_ELEMENTS));
            const line = `${where}: scrolls sideways at 390 px (scrollWidth ${scrollWidth} > ${innerWidth}: ${culprits})`;
            problems.push(line);
          }
        }
      },
    };
  }

  function fileName(where: string): string {
    return where.replace(/[^a-zA-Z0-9-]+/g, '_').replace(/^_+|_+$/g, '');
  }

  /**
   * Sends a form the server must refuse (the browser's own checks switched off, so the server's message is what
   * shows) and waits for the page with the message (role="alert").
   */
  async function submitRefused(page: Page, click: () => Promise<void>): Promise<void> {
    await page.evaluate('document.querySelectorAll("form").forEach((f) => { f.noValidate = true; })');
    await Promise.all([page.waitForNavigation(), click()]);
    await page.locator('[role="alert"]').first().waitFor();
  }

  // ───────────────────────────── member portal and public notices ─────────────────────────────

  test('member portal and notices: no serious/critical violation, no sideways scroll at 390 px', SLOW, async (t) => {
    const found = collector();
    const context = await browser.newContext({ locale: 'ja-JP', viewport: VIEWPORTS[0] });
    const page = await context.newPage();
    const caseId = (
      await database.db
        .selectFrom('investigation_cases')
        .select('id')
        .where('enet_id', '=', 'demo-hanako')
        .executeTakeFirstOrThrow()
    ).id;
    const termsId = (
      await database.db
        .selectFrom('terms_versions')
        .select('id')
        .where('status', '=', 'published')
        .executeTakeFirstOrThrow()
    ).id;

    async function signIn(enetId: string): Promise<void> {
      await page.goto(url('/enet/login'));
      await page.getByLabel('e-net サービス ID').fill(enetId);
      await page.getByLabel('パスワード').fill(DEMO_PORTAL_PASSWORD);
      await page.getByRole('button', { name: 'サインイン' }).click();
      await page.getByRole('heading', { name: 'ホーム' }).waitFor();
    }

    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      const visit = async (path: string, label = path) => {
        await page.goto(url(path));
        await found.check(page, `portal ${label} @${viewport.name}`, viewport);
        await page.screenshot({
          path: join(SCREENS, `portal-${fileName(label)}-${viewport.name}.png`),
          fullPage: true,
        });
      };
      await context.clearCookies();
      await visit('/enet/login', 'sign-in');
      // sign-in in its error state
      await page.getByLabel('e-net サービス ID').fill('demo-hanako');
      await page.getByLabel('パスワード').fill('not-the-password');
      await submitRefused(page, () => page.getByRole('button', { name: 'サインイン' }).click());
      await found.check(page, `portal sign-in (wrong password) @${viewport.name}`, viewport);
      await visit('/enet/password/request', 'password-request');
      await visit('/notices', 'notices');
      await visit(`/notices/terms/${encodeURIComponent(termsId)}`, 'notices-terms');
      await visit('/notices?lang=en', 'notices-en');

      // an enrolled member with a fraud case (demo seed: 佐藤 花子)
      await signIn('demo-hanako');
      for (const path of ['/enet', '/enet/history', '/enet/fraud', '/enet/fraud/new', '/enet/terms', '/enet/sessions'])
        await visit(path);
      await visit(`/enet/fraud/cases/${encodeURIComponent(caseId)}`, '/enet/fraud/cases/case');
      await visit('/enet/reauth?next=/enet', '/enet/reauth');
      await visit('/enet/phone', '/enet/phone (change)');
      await visit('/enet/lost');
      await visit('/enet/unregister');
      await visit('/enet?lang=en', '/enet (en)');
      // passkeys (issue 21): the list, then the code page (or, on the second size, the list with the resend wait)
      await visit('/enet/trusted-merchants');
      await visit(`/enet/trusted-merchants/${TRUSTED_ID}/remove`, '/enet/trusted-merchants/remove');
      await visit('/enet/passkeys');
      await page.getByRole('button', { name: 'パスキーを登録する' }).click();
      await page.waitForLoadState('domcontentloaded');
      await found.check(page, `portal /enet/passkeys/start @${viewport.name}`, viewport);
      // the fraud report form in its error state: sent with nothing chosen
      await page.goto(url('/enet/fraud/new'));
      await submitRefused(page, () => page.getByRole('button', { name: '届け出る' }).click());
      await found.check(page, `portal /enet/fraud/new (empty report) @${viewport.name}`, viewport);
      await page.screenshot({
        path: join(SCREENS, `portal-fraud-report-refused-${viewport.name}.png`),
        fullPage: true,
      });

      // a member without a phone: the registration form, and its error state
      await context.clearCookies();
      await signIn('demo-jiro');
      await visit('/enet/phone', '/enet/phone (register)');
      await page.getByLabel('携帯電話番号').fill('0312345678');
      const terms = page.getByLabel(/利用規約に同意します/);
      if (await terms.count()) await terms.check();
      await submitRefused(page, () => page.getByRole('button', { name: '確認コードを送る' }).click());
      await found.check(page, `portal /enet/phone (landline refused) @${viewport.name}`, viewport);
    }
    await context.close();
    t.diagnostic(`${found.checked} portal pages checked`);
    assert.deepEqual(found.problems, [], found.problems.join('\n'));
  });

  // ───────────────────────────── challenge page in a cross-site iframe ─────────────────────────────

  test(
    'challenge page in each state, in a cross-site iframe: no serious/critical violation, no sideways scroll',
    SLOW,
    async (t) => {
      const found = collector();
      const context = await browser.newContext({ locale: 'ja-JP', viewport: VIEWPORTS[0] });
      // The final page posts the CRes to the merchant at once; a 204 answer to that post keeps it on screen.
      await context.route(`${merchant.origin}/notify`, (route) => route.fulfill({ status: 204 }));
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);

      async function checkout(
        viewport: Viewport,
        overrides: Record<string, unknown> = {},
      ): Promise<{ frame: Frame; client: ChallengeClient; enetId: string }> {
        const holder = await seedCardholder(database.db, server.keys);
        await server.server.deps.ranges.load();
        const client = new ChallengeClient(server.url, merchant.notificationURL);
        const ares = await client.areq(holder.pan, '2.2.0', overrides);
        assert.equal(ares.transStatus, 'C');
        const size = viewport.name === '390' ? '05' : '04';
        const query = new URLSearchParams({ size, acsURL: ares.acsURL!, creq: client.creqValue(size) });
        await page.goto(`${merchant.origin}/checkout?${query}`);
        await page.click('#start');
        await page.frameLocator('#acs').locator('input[autocomplete="one-time-code"]').waitFor({ timeout: 15_000 });
        const frame = page.frames().find((f) => f.url().startsWith(server.url));
        assert.ok(frame, 'the ACS frame');
        return { frame, client, enetId: holder.enetId };
      }

      async function check(frame: Frame, state: string, viewport: Viewport) {
        const where = `challenge ${state} @${viewport.name}`;
        await found.check(frame, where, viewport);
        await page.screenshot({ path: join(SCREENS, `${fileName(where)}.png`) });
      }

      /** Clicks a button that posts the form and waits for the next page in the frame. */
      async function post(frame: Frame, button: string) {
        await Promise.all([frame.waitForNavigation({ waitUntil: 'domcontentloaded' }), frame.locator(button).click()]);
      }

      async function enter(frame: Frame, enetId: string, code: string) {
        await frame.locator('input[autocomplete="username"]').fill(enetId);
        await frame.locator('input[autocomplete="one-time-code"]').fill(code);
        await post(frame, 'button[name="action"]');
      }

      for (const viewport of VIEWPORTS) {
        await page.setViewportSize(viewport);
        // first page, a code being typed, a wrong code, a code that has expired, a second code asked for
        const first = await checkout(viewport);
        await check(first.frame, 'first page', viewport);
        const code = await latestCode(database.db, server.keys, first.client.acsTransID);
        await first.frame.locator('input[autocomplete="username"]').fill(first.enetId);
        await first.frame.locator('input[autocomplete="one-time-code"]').fill('12');
        await check(first.frame, 'code being entered', viewport);
        await enter(first.frame, first.enetId, String((Number(code) + 7) % 1_000_000).padStart(6, '0'));
        await first.frame.locator('[role="alert"]').waitFor();
        await check(first.frame, 'wrong code', viewport);
        await database.db
          .updateTable('otp_codes')
          .set({ expires_at: new Date(Date.now() - 60_000) })
          .where('purpose', '=', 'purchase')
          .where('used_at', 'is', null)
          .execute();
        await enter(first.frame, first.enetId, code);
        await first.frame.locator('[role="alert"]').waitFor();
        await check(first.frame, 'expired code', viewport);
        await post(first.frame, 'button[name="resend"]');
        await first.frame.locator('[role="status"]').waitFor();
        await check(first.frame, 'another code asked for', viewport);

        // the requestor offers trust listing (issue #20 item 5): the box, ticked
        const offered = await checkout(viewport, { whiteListStatus: 'N', whiteListStatusSource: '01' });
        await offered.frame.locator('#trustMerchant').check();
        await check(offered.frame, 'trusted-merchant box ticked', viewport);

        // the right code: the final page
        const success = await checkout(viewport);
        const notified = page.waitForRequest(`${merchant.origin}/notify`);
        await success.frame.locator('input[autocomplete="username"]').fill(success.enetId);
        const right = await latestCode(database.db, server.keys, success.client.acsTransID);
        await success.frame.locator('input[autocomplete="one-time-code"]').fill(right);
        // the final page posts itself to the merchant as it is parsed: wait for that post, not for a page load
        await success.frame.locator('button[name="action"]').click();
        await notified;
        await success.frame.locator('#cres-form').waitFor({ state: 'attached' });
        await check(success.frame, 'authenticated (final page)', viewport);

        // cancelled
        const second = await checkout(viewport);
        const cancelled = page.waitForRequest(`${merchant.origin}/notify`);
        await second.frame.locator('button[name="cancel"]').click();
        await cancelled;
        await second.frame.locator('#cres-form').waitFor({ state: 'attached' });
        await check(second.frame, 'cancelled (final page)', viewport);
      }
      await context.close();
      t.diagnostic(`${found.checked} challenge states checked`);
      assert.deepEqual(found.problems, [], found.problems.join('\n'));
    },
  );

  // ───────────────────────────── passkeys (issue 21) ─────────────────────────────

  test(
    'passkeys: registration, list, the offer in the frame, our top-level window: no serious/critical violation',
    SLOW,
    async (t) => {
      const found = collector();
      for (const viewport of VIEWPORTS) {
        const context = await browser.newContext({ locale: 'ja-JP', viewport });
        await context.route(`${merchant.origin}/notify`, (route) => route.fulfill({ status: 204 }));
        const check = async (target: Page | Frame, where: string) => {
          await found.check(target, `passkeys ${where} @${viewport.name}`, viewport);
          const shot = 'page' in target ? target.page() : target;
          await shot.screenshot({ path: join(SCREENS, `passkeys-${fileName(where)}-${viewport.name}.png`) });
        };
        // the portal: the code page, the naming page, the list with the new passkey
        const holder = await seedPortalMember(database.db, server.keys);
        const env = { url: server.url, db: database.db, keys: server.keys };
        const { credential } = await registerPasskey(context, env, holder, '私のスマホ', (step, page) =>
          check(page, `portal ${step}`),
        );
        // the challenge in the merchant's cross-site frame: the offer, then 「SMS で認証する」 tapped
        const client = new ChallengeClient(server.url, merchant.notificationURL);
        const ares = await client.areq(holder.pan);
        assert.equal(ares.transStatus, 'C');
        const size = viewport.name === '390' ? '05' : '04';
        const page = await context.newPage();
        const query = new URLSearchParams({ size, acsURL: ares.acsURL!, creq: client.creqValue(size) });
        await page.goto(`${merchant.origin}/checkout?${query}`);
        await page.click('#start');
        const frameLocator = page.frameLocator('#acs');
        await frameLocator.locator('#passkey-open').waitFor({ timeout: 15_000 });
        const frame = page.frames().find((f) => f.url().startsWith(server.url));
        assert.ok(frame, 'the ACS frame');
        await check(frame, 'challenge offer');
        await Promise.all([
          frame.waitForNavigation({ waitUntil: 'domcontentloaded' }),
          frame.locator('button[name="sms"]').click(),
        ]);
        await frame.locator('input[autocomplete="one-time-code"]').waitFor();
        await check(frame, 'challenge offer with the SMS form');
        // our top-level window, before and after the passkey approved
        const popup = await openPasskeyWindow(context, frameLocator, credential);
        await check(popup, 'window');
        await popup.getByRole('button', { name: 'パスキーで認証' }).click();
        await popup.getByRole('heading', { name: '認証しました' }).waitFor();
        await check(popup, 'window approved');
        await context.close();
      }
      t.diagnostic(`${found.checked} passkey pages checked`);
      assert.deepEqual(found.problems, [], found.problems.join('\n'));
    },
  );

  // ───────────────────────────── console ─────────────────────────────

  test(
    'every console page from CONSOLE_ROUTES, as a role allowed on it: no serious/critical violation',
    SLOW,
    async (t) => {
      const found = collector();
      const contexts: BrowserContext[] = [];

      /** Signs in (first sign-in: TOTP enrolment read from the page) and keeps the context for the role. */
      async function signIn(username: string, password: string, checkEnrolment = false): Promise<Page> {
        const context = await browser.newContext({ locale: 'ja-JP', viewport: VIEWPORTS[0] });
        contexts.push(context);
        const page = await context.newPage();
        await page.goto(url('/console/sign-in'));
        await page.fill('#username', username);
        await page.fill('#password', password);
        await page.click('button[type=submit]');
        await page.waitForURL(/\/console\/sign-in\/enrol/);
        const secret = (await page.textContent('#totp-secret'))?.trim() ?? '';
        if (checkEnrolment) {
          // the enrolment page, then its error state (a wrong code)
          await found.check(page, 'console /console/sign-in/enrol @1280', VIEWPORTS[0], {
            words: true,
          });
          await page.screenshot({ path: join(SCREENS, 'console-sign-in-enrol-1280.png'), fullPage: true });
          await page.fill('#code', '000000');
          await submitRefused(page, () => page.click('button[type=submit]'));
          await found.check(page, 'console /console/sign-in/enrol (wrong code) @1280', VIEWPORTS[0], {
            words: true,
          });
        }
        await page.fill('#code', await totpCode(secret, new Date()));
        await page.click('button[type=submit]');
        await page.waitForURL(/\/console(\/password)?$/);
        // A password an admin issued is changed first (docs/console.md "Operator accounts"): check that page too.
        if (/\/console\/password/.test(page.url())) {
          await found.check(page, 'console /console/password (forced change) @1280', VIEWPORTS[0], {
            words: true,
          });
          chosen[username] = `${password}-chosen`;
          await page.fill('#current', password);
          await page.fill('#next', chosen[username]);
          await page.fill('#confirm', chosen[username]);
          await page.click('main button[type=submit]');
          await page.waitForSelector('#password-changed');
        }
        return page;
      }
      /** Passwords the forced change replaced, by username. */
      const chosen: Record<string, string> = {};

      // sign-in pages, with their error states, at both sizes
      {
        const context = await browser.newContext({ locale: 'ja-JP', viewport: VIEWPORTS[0] });
        contexts.push(context);
        const page = await context.newPage();
        for (const viewport of VIEWPORTS) {
          await page.setViewportSize(viewport);
          await page.goto(url('/console/sign-in'));
          await found.check(page, `console /console/sign-in @${viewport.name}`, viewport, {
            words: true,
          });
          await page.screenshot({ path: join(SCREENS, `console-sign-in-${viewport.name}.png`), fullPage: true });
          await page.fill('#username', 'admin');
          await page.fill('#password', 'not-the-password');
          await submitRefused(page, () => page.click('button[type=submit]'));
          await found.check(page, `console /console/sign-in (wrong password) @${viewport.name}`, viewport, {
            words: true,
          });
        }
      }

      const admin = await signIn('admin', ADMIN_PASSWORD);
      const staff: Partial<Record<Role, Page>> = { admin };
      const passwords: Record<string, string> = {};
      for (const role of ['operator', 'investigator'] as const) {
        await admin.goto(url('/console/operators'));
        await admin.fill('#username', `a11y-${role}`);
        await admin.fill('#displayName', `a11y ${role}`);
        await admin.selectOption('#role', role);
        await admin.click('form.inline button[type=submit]');
        const password = (await admin.textContent('#new-password'))?.trim() ?? '';
        assert.ok(password, `a password for the new ${role}`);
        passwords[role] = password;
        staff[role] = await signIn(`a11y-${role}`, password, role === 'operator');
      }
      {
        const context = await browser.newContext({ locale: 'ja-JP', viewport: VIEWPORTS[1] });
        contexts.push(context);
        const page = await context.newPage();
        // an enrolled operator's second sign-in: the TOTP code page, then its error state
        await page.goto(url('/console/sign-in'));
        await page.fill('#username', 'a11y-operator');
        await page.fill('#password', chosen['a11y-operator'] ?? passwords.operator ?? '');
        await page.click('button[type=submit]');
        await page.waitForURL(/\/console\/sign-in\/code/);
        await found.check(page, 'console /console/sign-in/code @390', VIEWPORTS[1], {
          words: true,
        });
        await page.screenshot({ path: join(SCREENS, 'console-sign-in-code-390.png'), fullPage: true });
        await page.fill('#code', '000000');
        await submitRefused(page, () => page.click('button[type=submit]'));
        await found.check(page, 'console /console/sign-in/code (wrong code) @390', VIEWPORTS[1], {
          words: true,
        });
      }

      /**
       * A few steps on the seeded case, so its timeline, decision and the audit log carry their details (each
       * must read in words, not codes), taken through the services as the investigator signed in above.
       */
      async function walkCase(caseId: string | undefined): Promise<void> {
        if (!caseId) return;
        const row = await database.db
          .selectFrom('operators')
          .select(['id', 'username', 'display_name'])
          .where('username', '=', 'a11y-investigator')
          .executeTakeFirstOrThrow();
        const by = { id: row.id, username: row.username, displayName: row.display_name, role: 'investigator' as const };
        const deps = consoleDeps(database.db, server.keys, new ManualClock(new Date()));
        await assignCase(deps, by, caseId, by.id);
        await addContact(deps, by, caseId, {
          kind: 'phone',
          place: 'work',
          owner: 'related_person',
          value: '03-1234-5678',
          note: '勤務先の代表番号',
        });
        await addNote(deps, by, caseId, { kind: 'user_relation', body: '利用者は会員の家族ではない' });
        await recordFindings(deps, by, caseId, [{ question: QUESTION_NAMES[0]!, finding: 'no', note: '' }]);
        await requestCooperation(deps, by, caseId, { question: '利用時の状況を教えてください。', dueOn: '' });
        await recordDecision(deps, by, caseId, {
          outcome: 'not_waived',
          reasons: '検査用の決定',
          overrideReason: '検査用の決定理由',
        });
      }

      /**
       * A purchase with its messages, an SMS and an RReq delivery that was retried and given up, so the
       * transaction page shows every kind of row it has (each in words).
       */
      async function purchaseWithDeliveries(): Promise<string> {
        const holder = await seedCardholder(database.db, server.keys);
        const at = new Date();
        const acsTransId = await recordPurchase(database.db, server.keys, holder, {
          merchant: '検査ストア',
          amount: '3980',
          at,
        });
        const jobId = `job_a11y_${acsTransId.slice(0, 8)}`;
        await database.db
          .insertInto('jobs')
          .values({
            id: jobId,
            kind: 'rreq',
            payload: JSON.stringify({ acsTransID: acsTransId }),
            status: 'dead',
            attempts: 2,
            run_at: at,
            locked_until: null,
            last_error: 'DS unreachable',
            created_at: at,
            done_at: at,
          })
          .execute();
        await database.db
          .insertInto('job_attempts')
          .values([
            { job_id: jobId, at, outcome: 'retry', detail: 'DS unreachable' },
            { job_id: jobId, at, outcome: 'dead', detail: 'DS unreachable' },
          ])
          .execute();
        return acsTransId;
      }

      // ids for the routes' :params, from the demo seed
      const db = database.db;
      const ids: Record<string, string | undefined> = {
        enetId: 'demo-hanako',
        transactions: await purchaseWithDeliveries(),
        cases: (await db.selectFrom('investigation_cases').select('id').executeTakeFirst())?.id,
        'card-ranges': (await db.selectFrom('card_ranges').select('id').executeTakeFirst())?.id,
        mailings: (await db.selectFrom('mailings').select('id').executeTakeFirst())?.id,
        terms: (await db.selectFrom('terms_versions').select('id').executeTakeFirst())?.id,
        imports: 'a11y-import',
        // a backtest of the demo's draft risk policy, so /console/risk/backtests/:id has an id
        backtests: await runBacktest({ db, clock: systemClock, keys: server.keys }, 'system:test', {
          policyId:
            (await db.selectFrom('risk_policies').select('id').where('status', '=', 'draft').executeTakeFirst())?.id ??
            '',
          days: 30,
        }),
      };
      await walkCase(ids.cases);
      const unfilled: string[] = [];
      function fill(path: string): string | undefined {
        let ok = true;
        const filled = path.replace(/\/([^/]+)\/:(\w+)/g, (_all, section: string, param: string) => {
          const value = param === 'enetId' ? ids.enetId : ids[section];
          if (!value) ok = false;
          return `/${section}/${encodeURIComponent(value ?? '')}`;
        });
        return ok ? filled : undefined;
      }
      /** The role that sees the most of a page: one that may also write under it, else the first allowed. */
      function roleFor(path: string, roles: readonly Role[]): Role {
        const base = path.replace(/\/:\w+.*$/, '');
        const writers = CONSOLE_ROUTES.filter(
          (r) => r.method === 'POST' && r.path !== '/console/sign-out' && r.path.startsWith(`${base}/`),
        ).flatMap((r) => r.roles as readonly Role[]);
        return roles.find((r) => writers.includes(r) && staff[r]) ?? roles.find((r) => staff[r]) ?? roles[0]!;
      }

      const pages = CONSOLE_ROUTES.filter((r) => r.method === 'GET' && !NOT_PAGES.has(r.path));
      for (const viewport of VIEWPORTS) {
        for (const p of Object.values(staff)) await p?.setViewportSize(viewport);
        for (const route of pages) {
          const path = fill(route.path);
          if (!path) {
            if (viewport.name === '1280') unfilled.push(route.path);
            continue;
          }
          const role = roleFor(route.path, route.roles);
          const page = staff[role];
          assert.ok(page, `signed in as ${role}`);
          const res = await page.goto(url(path));
          assert.equal(res?.status(), 200, `${path} as ${role}`);
          const where = `console ${route.path} as ${role} @${viewport.name}`;
          await found.check(page, where, viewport, { words: true });
          await page.screenshot({
            path: join(
              SCREENS,
              `console-${fileName(route.path.replace(/^\/console/, '') || 'dashboard')}-${viewport.name}.png`,
            ),
            fullPage: true,
          });
        }
        // the emergency stop: its form refused (notice texts left empty), then its confirmation page
        await admin.goto(url('/console/operations'));
        await admin.fill('#em-reason', '検査');
        await submitRefused(admin, () => admin.click('#review-emergency'));
        await found.check(admin, `console emergency stop (empty notice) @${viewport.name}`, viewport, {
          words: true,
        });
        for (const [field, text] of [
          ['#em-title', '検査のお知らせ'],
          ['#em-body', '検査です。'],
          ['#em-titleEn', 'Test notice'],
          ['#em-bodyEn', 'A test.'],
        ] as const)
          await admin.fill(field, text);
        await Promise.all([admin.waitForNavigation(), admin.click('#review-emergency')]);
        await admin.locator('#emergency-answer').waitFor();
        await found.check(admin, `console emergency stop confirmation @${viewport.name}`, viewport, {
          words: true,
        });
        await admin.screenshot({
          path: join(SCREENS, `console-emergency-confirm-${viewport.name}.png`),
          fullPage: true,
        });
        // English once
        await admin.goto(url('/console?lang=en'));
        await found.check(admin, `console /console?lang=en @${viewport.name}`, viewport);
      }
      for (const context of contexts) await context.close();
      t.diagnostic(`${found.checked} console pages checked`);
      assert.deepEqual(unfilled, [], 'a console page whose :params this test cannot fill yet: seed one and add its id');
      assert.deepEqual(found.problems, [], found.problems.join('\n'));
    },
  );
});
