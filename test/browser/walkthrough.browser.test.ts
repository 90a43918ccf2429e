import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { ReadmePictures, regionOf, regionsOfText } from '../support/pictures.ts';

/*
 * The README's "Try it in five steps", done the way a newcomer does it: the real service started as
 * `npm start` starts it (its `prestart` and `start` scripts, run with this Node, on a fresh data directory),
 * then Chromium clicks through the demo shop, reads the code off the phone inbox page and types it into the
 * challenge. Its screenshots go to test-results/walkthrough/ and are compared with the README's pictures
 * (docs/images/), values that change on every run (codes, times, ids, the port) masked; `npm run docs:images` runs
 * it with DOCS_IMAGES=write to redraw the pictures that changed.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const IMAGES = join(ROOT, 'docs', 'images');
const SHOTS = join(ROOT, 'test-results', 'walkthrough');
const WRITE_PICTURES = process.env.DOCS_IMAGES === 'write';
const SHOP_VIEWPORT = { width: 1100, height: 800 };
const PHONE_VIEWPORT = { width: 400, height: 800 };
const READY_TIMEOUT_MS = 60_000;

/**
 * Node arguments of an npm script that runs `node …` or `tsx …` (leading `NAME=value` assignments aside; this
 * test sets the environment itself). package.json is read, not copied, so the test follows `npm start`.
 */
function nodeArgs(script: string | undefined): string[] | undefined {
  if (script === undefined) return undefined;
  const words = script.trim().split(/\s+/);
  while (words[0] && /^[A-Z_]+=/.test(words[0])) words.shift();
  const [command, ...rest] = words;
  if (command === 'node' && rest.length > 0) return rest;
  if (command === 'tsx' && rest.length > 0) return ['--import', 'tsx', ...rest];
  throw new Error(`npm script is not a plain \`node …\` or \`tsx …\` command: ${script}`);
}

const SCRIPTS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts;
const PRESTART = nodeArgs(SCRIPTS.prestart);
const START = nodeArgs(SCRIPTS.start) ?? [];

/** Configuration a developer's shell might carry that would make this run differ from a plain `npm start`. */
const INHERITED_CONFIG = [
  'NODE_ENV',
  'HOST',
  'DATABASE_URL',
  'NINSHO_MASTER_KEY',
  'DS_RREQ_URL',
  'DS_URL_ALLOWLIST',
  'SMS_PROVIDER',
  'SMTP_URL',
  'UNENROLLED_POLICY',
  'OTP_TTL_SECONDS',
];

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  assert.ok(address && typeof address === 'object');
  return address.port;
}

/** What a person sees of an element (rendered text: hidden parts left out, line breaks as shown). */
function visibleText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point of a walkthrough
  return locator.innerText();
}

/** In a result page's message inspector: the times of the messages and the transaction ids in their bodies. */
const INSPECTOR_VALUES = /\d{2}:\d{2}:\d{2}\.\d{3}|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}/;
const inspectorValues = (page: Page) => regionsOfText(page, 'section.inspector', INSPECTOR_VALUES);

/** The service as `npm start` runs it, with its output kept for the assertions and for failure messages. */
class Service {
  readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private running = true;

  constructor(
    readonly url: string,
    port: number,
    readonly dataDir: string,
  ) {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of INHERITED_CONFIG) delete env[name];
    Object.assign(env, {
      SEED_DEMO: 'true',
      PORT: String(port),
      PUBLIC_URL: url,
      NINSHO_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    });
    this.child = spawn(process.execPath, START, {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.output.push(chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.output.push(chunk));
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.running = false;
        resolve({ code, signal });
      });
    });
  }

  get text(): string {
    return this.output.join('');
  }

  get alive(): boolean {
    return this.running;
  }

  /** Polls /readyz until it answers 200; fails early when the process dies. */
  async waitReady(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`ninsho exited before it was ready:\n${this.text}`);
      try {
        const res = await fetch(`${this.url}/readyz`);
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    throw new Error(`ninsho was not ready within ${READY_TIMEOUT_MS} ms:\n${this.text}`);
  }

  /** The banner is printed once the listener is up, which can be a moment after the first 200 from /readyz. */
  async banner(): Promise<string> {
    for (let i = 0; i < 100 && !this.text.includes('Demo cards'); i++) await sleep(20);
    return this.text;
  }

  terminate(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }
}

describe('README walkthrough against the service started like `npm start`', () => {
  let service: Service;
  let browser: Browser;
  let context: BrowserContext;
  let shop: Page;
  let phone: Page;
  let pictures: ReadmePictures;
  let readyMs = 0;
  let prestartMs = 0;
  /** SMS already seen in the inbox, so each purchase reads its own code. */
  const seenSms = new Set<string>();
  /** Every code read off the phone, to check none of them reached the logs. */
  const codes: string[] = [];

  before(async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'ninsho-walkthrough-'));
    const prestartAt = performance.now();
    if (PRESTART) await promisify(execFile)(process.execPath, PRESTART, { cwd: ROOT });
    prestartMs = Math.round(performance.now() - prestartAt);
    const spawnedAt = performance.now();
    service = new Service(`http://localhost:${port}`, port, dataDir);
    await service.waitReady();
    readyMs = Math.round(performance.now() - spawnedAt);
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'ja-JP', viewport: SHOP_VIEWPORT });
    shop = await context.newPage();
    phone = await context.newPage();
    await phone.setViewportSize(PHONE_VIEWPORT);
    pictures = new ReadmePictures(await browser.newPage(), { readme: IMAGES, results: SHOTS }, WRITE_PICTURES);
  });

  after(async () => {
    await browser?.close();
    if (service?.alive) {
      service.terminate('SIGKILL');
      await service.exited;
    }
    if (service) rmSync(service.dataDir, { recursive: true, force: true });
  });

  /** In the shop: keep the first product, pick the card whose label names the member, choose the window size, pay. */
  async function checkout(member: string, windowSize: string): Promise<void> {
    await shop.goto(`${service.url}/demo/shop`);
    const option = shop.locator('#card option', { hasText: member });
    const value = await option.getAttribute('value');
    assert.ok(value, `the shop offers a card for ${member}`);
    await shop.locator('#card').selectOption(value);
    await shop.locator('#windowSize').selectOption(windowSize);
    await shop.getByRole('button', { name: '購入手続きへ' }).click();
  }

  /** The challenge iframe on the shop's checkout page, once the ACS's form is in it. */
  async function challengeFrame(): Promise<FrameLocator> {
    const frame = shop.frameLocator('iframe[name="challengeFrame"]');
    await frame.locator('input[autocomplete="one-time-code"]').waitFor({ timeout: 15_000 });
    return frame;
  }

  /**
   * Opens the phone inbox. The page refreshes itself every 3 s; a refresh that races our own navigation
   * interrupts it, which is the page working, not failing: try again.
   */
  async function openInbox(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await phone.goto(`${service.url}/dev/phone`);
        return;
      } catch (err) {
        if (attempt >= 3 || !String(err).includes('interrupted by another navigation')) throw err;
      }
    }
  }

  /** Looks at the phone inbox (reloading, as a person would) until a new SMS arrives; returns its text. */
  async function readNewSms(): Promise<string> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      await openInbox();
      for (const sms of await phone.locator('article.sms').all()) {
        const id = await sms.getAttribute('data-sms-id');
        if (id && !seenSms.has(id)) {
          seenSms.add(id);
          return visibleText(sms);
        }
      }
      await sleep(250);
    }
    throw new Error('no SMS reached the phone inbox');
  }

  /**
   * How many SMS the inbox holds, read from the page's HTML: the open inbox page reloads itself every three seconds,
   * and counting its DOM while that reload is under way sees an empty document.
   */
  async function inboxCount(): Promise<number> {
    const html = await (await phone.request.get(`${service.url}/dev/phone`)).text();
    return html.match(/<article class="sms"/g)?.length ?? 0;
  }

  /** The result page's outcome section, once it has settled (it refreshes itself while the RReq is awaited). */
  async function settledResult(kind: string): Promise<string> {
    await shop.waitForURL(/\/demo\/shop\/result\//, { timeout: 15_000 });
    const section = shop.locator(`section.result[data-outcome="${kind}"]`);
    await section.waitFor({ timeout: 15_000 });
    return visibleText(section);
  }

  async function figure(name: string): Promise<string> {
    return (await visibleText(shop.locator(`dd[data-field="${name}"]`))).trim();
  }

  test('starts like `npm start`: ready, banner with the shop, the phone inbox and the demo cards', async (t) => {
    t.diagnostic(`npm start = prestart (${prestartMs} ms) + node ${START.join(' ')}`);
    t.diagnostic(`ninsho ready ${readyMs} ms after spawn (fresh data directory, demo seed)`);
    const banner = await service.banner();
    assert.match(banner, new RegExp(`demo shop\\s+${service.url}/demo/shop`));
    assert.match(banner, new RegExp(`phone inbox \\(SMS\\)\\s+${service.url}/dev/phone`));
    for (const enetId of ['demo-taro', 'demo-jiro', 'demo-yuki', 'demo-kenta']) assert.ok(banner.includes(enetId));
  });

  test('step 1–2: the shop and the empty phone inbox side by side', async () => {
    await shop.goto(`${service.url}/demo/shop`);
    assert.equal(await shop.locator('html').getAttribute('lang'), 'ja');
    await shop.getByText('この店舗と、その 3DS サーバー・ディレクトリサーバー（DS）はシミュレーターです').waitFor();
    await shop.locator('#card option', { hasText: '山田 太郎' }).waitFor({ state: 'attached' });
    await pictures.take(shop, 'shop');
    await openInbox();
    await phone.getByText('メッセージはまだありません。').waitFor();
  });

  test('step 3–5: 山田 太郎 pays at window 05, reads the code on the phone, is authenticated (Y, ECI 05)', async () => {
    await checkout('山田 太郎', '05');
    const frame = await challengeFrame();
    assert.equal(await frame.locator('html').getAttribute('lang'), 'ja');
    const sms = await readNewSms();
    const code = /認証コード(\d{6})/.exec(sms)?.[1];
    assert.ok(code, `the SMS carries a six-digit code: ${sms}`);
    codes.push(code);
    // one UCS-2 segment: the shop's name (cut with … to fit), then the amount and validity only when they fit
    assert.match(sms, /\nninsho D[^\n]*\n/, 'the SMS names the merchant');
    assert.match(sms, /他人に教えないでください/);
    // The SMS's time, and its digit runs of four or more: the code (twice) and the service's port.
    await pictures.take(phone, 'phone-inbox', [
      ...(await regionOf(phone.locator('article.sms time'))),
      ...(await regionsOfText(phone, 'article.sms p', /\d{4,}/)),
    ]);

    await frame.locator('input[autocomplete="username"]').fill('demo-taro');
    await frame.locator('input[autocomplete="one-time-code"]').fill(code);
    await pictures.take(shop, 'challenge', await regionOf(frame.locator('input[autocomplete="one-time-code"]')));
    await frame.locator('button[name="action"]').click();

    const text = await settledResult('authenticated');
    assert.match(text, /本人認証に成功しました（transStatus Y・ECI 05）/);
    assert.equal(await figure('transStatus'), 'Y');
    assert.equal(await figure('ECI'), '05');
    assert.match(await figure('CAVV (authenticationValue)'), /^[A-Za-z0-9+/]{27}=$/);
    await pictures.take(shop, 'result', [
      ...(await regionOf(shop.locator('dd[data-field="CAVV (authenticationValue)"]'))),
      ...(await inspectorValues(shop)),
    ]);

    const inspector = shop.locator('section.inspector');
    for (const message of ['AReq', 'ARes', 'CReq', 'CRes', 'RReq', 'RRes']) {
      assert.ok(
        (await inspector.locator(`details[data-message="${message}"]`).count()) > 0,
        `inspector shows ${message}`,
      );
    }
    await shop.locator('#inspector-title').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await pictures.take(shop, 'message-inspector', await inspectorValues(shop));

    const english = new URL(shop.url());
    english.searchParams.set('lang', 'en');
    await shop.goto(english.toString());
    assert.match(await settledResult('authenticated'), /Authenticated \(transStatus Y, ECI 05\)/);
  });

  test('the same at window 01 (250x400): the compact challenge fits and authenticates', async () => {
    await checkout('山田 太郎', '01');
    const frame = await challengeFrame();
    const box = await shop.locator('iframe[name="challengeFrame"]').boundingBox();
    assert.deepEqual([box?.width, box?.height], [250, 400]);
    const code = /認証コード(\d{6})/.exec(await readNewSms())?.[1];
    assert.ok(code);
    codes.push(code);
    await frame.locator('input[autocomplete="username"]').fill('demo-taro');
    await frame.locator('input[autocomplete="one-time-code"]').fill(code);
    const submit = frame.locator('button[name="action"]');
    const frameBox = await submit.boundingBox();
    assert.ok(frameBox && box && frameBox.y + frameBox.height <= box.y + box.height, 'submit visible in the frame');
    await pictures.take(shop, 'challenge-01', await regionOf(frame.locator('input[autocomplete="one-time-code"]')));
    await submit.click();
    await settledResult('authenticated');
    assert.equal(await figure('ECI'), '05');
  });

  const otherCards = [
    {
      member: '鈴木 次郎',
      kind: 'not_enrolled',
      status: 'N',
      reason: '13',
      text: '未登録です（transStatus N・理由 13）',
    },
    { member: '高橋 由紀', kind: 'not_allowed', status: 'N', reason: '12', text: '紛失・盗難の届出によるロック' },
    { member: '田中 健太', kind: 'card_closed', status: 'R', reason: '08', text: 'カードは解約済みです' },
  ];
  for (const card of otherCards) {
    test(`${card.member}: no challenge, ${card.status}/${card.reason}, no SMS`, async () => {
      const before = await inboxCount();
      await checkout(card.member, '05');
      const text = await settledResult(card.kind);
      assert.ok(text.includes(card.text), text);
      assert.ok(text.includes('フリクションレス'), 'answered in the ARes, without a challenge');
      assert.equal(await figure('transStatus'), card.status);
      assert.equal(await figure('transStatusReason'), card.reason);
      assert.equal(await figure('ECI'), '07');
      await pictures.take(shop, `result-${card.kind.replace('_', '-')}`, await inspectorValues(shop));
      assert.equal(await inboxCount(), before, 'no SMS for a card that is not challenged');
    });
  }

  test('the README pictures are as docs/images/ shows them (codes, times, ids and the port masked)', (t) => {
    for (const o of pictures.outcomes) t.diagnostic(`${o.name}: ${o.verdict}, ${o.detail}`);
    const problems = pictures.problems();
    const advice =
      'If the change is intended, redraw the pictures with `npm run docs:images` and commit them. If every picture ' +
      `differs, check the fonts (fonts-ipafont-gothic) and the browser (this run: Chromium ${browser.version()}) first.`;
    assert.deepEqual(problems, [], `${problems.join('\n')}\n${advice}`);
  });

  test('SIGTERM shuts down gracefully (exit 0); the logs hold no PAN, no code, no error', async (t) => {
    const stopAt = performance.now();
    service.terminate('SIGTERM');
    const { code, signal } = await service.exited;
    t.diagnostic(`stopped ${Math.round(performance.now() - stopAt)} ms after SIGTERM`);
    assert.deepEqual({ code, signal }, { code: 0, signal: null }, service.text);
    const logs = service.text;
    assert.ok(!logs.includes('4111111111111111'), 'no full PAN in the output');
    for (const code of codes) assert.doesNotMatch(logs, new RegExp(`(?<!\\d)${code}(?!\\d)`), 'no one-time code');
    const errors = logs
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .filter((line) => ((JSON.parse(line) as { level?: number }).level ?? 0) >= 50);
    assert.deepEqual(errors, []);
  });
});
