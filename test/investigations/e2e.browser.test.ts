import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { totpCode } from '../../src/infra/crypto/totp.ts';
import { makeOperator } from '../console/support.ts';
import { PASSWORD, seedPortalMember } from '../portal/support.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { ChallengeClient, latestCode } from '../support/challenge-client.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import type { SeededCardholder } from '../support/fixtures.ts';
import { type ReceivedMail, type SmtpPeer, startSmtpPeer } from '../support/peers/smtp-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Issue #8 "Done when": a member reports two purchases in the portal; the case opens with evidence; an
 * investigator records that the goods went to the member's address; the engine proposes "not waived, 5-3-6";
 * the decision reaches the member in the portal and by email (SMTP peer). A second, larger case is waived and
 * takes effect only when a second investigator approves. A closed case refuses edits.
 */
describe(`fraud investigation end to end in Chromium [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  let smtp: SmtpPeer;
  let browser: Browser;
  let member: SeededCardholder;

  before(async () => {
    database = await createTestDatabase(primaryDialect());
    smtp = await startSmtpPeer();
    server = await startTestServer(database, { publicHost: 'localhost', env: { SMTP_URL: smtp.url() } });
    member = await seedPortalMember(database.db, server.keys);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
    await database?.close();
  });

  const url = (path: string) => `${server.url}${path}`;

  /** An authenticated purchase through the real ACS (AReq, CReq, the SMS code). */
  async function purchase(merchantName: string, purchaseAmount: string): Promise<string> {
    await server.server.deps.ranges.load();
    const c = new ChallengeClient(server.url);
    await c.areq(member.pan, '2.2.0', { merchantName, purchaseAmount, purchaseCurrency: '392', purchaseExponent: '0' });
    await c.creq();
    await c.submit(member.enetId, await latestCode(database.db, server.keys, c.acsTransID));
    return c.acsTransID;
  }

  async function memberPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(url('/enet/login'));
    await page.getByLabel('e-net サービス ID').fill(member.enetId);
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('heading', { name: 'ホーム' }).waitFor();
    return page;
  }

  async function report(page: Page, acsTransIds: string[]): Promise<string> {
    await page.goto(url('/enet/fraud/new'));
    for (const id of acsTransIds) await page.locator(`input[name=txn][value="${id}"]`).check();
    await page.locator('#description').fill('明細に覚えのない請求がありました。');
    await page.getByRole('button', { name: '届け出る' }).click();
    const reference = (await page.locator('#reference').textContent())?.trim() ?? '';
    assert.match(reference, /^FR-\d{4}-\d{6}$/);
    await page.getByRole('link', { name: '調査の状況を見る' }).click();
    // issue #18 item 12: the case page shows the receipt's reference, not the staff's INV-…
    assert.equal((await page.locator('#case-reference').textContent())?.trim(), reference);
    return reference;
  }

  async function investigator(): Promise<{ page: Page; id: string }> {
    const op = await makeOperator(database.db, server.keys, 'investigator');
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(url('/console/sign-in?lang=en'));
    await page.fill('#username', op.principal.username);
    await page.fill('#password', op.password);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/console\/sign-in\/code/);
    await page.fill('#code', await totpCode(op.secret, new Date()));
    await page.click('button[type=submit]');
    await page.waitForURL(/\/console(\?lang=en)?$/);
    return { page, id: op.principal.id };
  }

  async function openCase(page: Page, reference: string): Promise<void> {
    await page.goto(url('/console/cases?lang=en'));
    // the queue shows the member's reference beside the case number
    await page.locator('#case-queue tr', { hasText: reference }).getByRole('link').first().click();
    await page.locator('#case-state').waitFor();
    assert.equal(await page.locator('#member-reference').textContent(), reference);
  }

  const state = (page: Page) => page.locator('#case-state').getAttribute('data-state');

  async function transactionFacts(page: Page, index: number, delivery: string, origin: string, note: string) {
    const form = page.locator('#case-transactions tbody tr').nth(index).locator('form');
    await form.locator('select[name=delivery]').selectOption(delivery);
    await form.locator('input[name=deliveryNote]').fill(note);
    await form.locator('select[name=origin]').selectOption(origin);
    await form.locator('button').click();
    await page.locator('#case-state').waitFor();
  }

  async function allFindingsNo(page: Page) {
    const form = page.locator('#findings-form');
    for (const select of await form.locator('select').all()) await select.selectOption('no');
    await form.locator('button[type=submit]').click();
    await page.locator('#case-state').waitFor();
  }

  async function mailFor(subject: RegExp, count: number): Promise<ReceivedMail[]> {
    for (let i = 0; i < 100; i++) {
      const found = smtp
        .received()
        .filter((m) => subject.test(m.subject) && m.envelopeTo.includes(`${member.enetId}@example.jp`));
      if (found.length >= count) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no mail matching ${subject}`);
  }

  test('report → evidence → member delivery → "not waived, 5-3-6" → member told; second case waived with approval', async () => {
    const book = await purchase('テスト書店', '3520');
    const gadget = await purchase('Example Electronics', '12800');
    const laptop = await purchase('Laptop Store', '129800');

    // The member reports two purchases in the portal; the case is opened with the report.
    const m = await memberPage();
    const first = await report(m, [book, gadget]);
    assert.match(first, /^FR-\d{4}-\d{6}$/);
    assert.equal(await m.locator('#case-status').getAttribute('data-state'), 'reported');

    // Investigator A: evidence is there; goods went to the member's address.
    const a = await investigator();
    await openCase(a.page, first);
    assert.equal(await a.page.locator('#evidence section.evidence').count(), 2);
    assert.match((await a.page.locator('#evidence').textContent()) ?? '', /ECI05|05/);
    await a.page.locator('#assign-form button').click();
    assert.equal(await state(a.page), 'investigating');
    await transactionFacts(a.page, 0, 'member', 'unrelated', "delivery slip: the member's home address");
    await transactionFacts(a.page, 1, 'unrelated', 'unrelated', 'digital goods, other address');
    await allFindingsNo(a.page);
    const proposal = a.page.locator('#proposal');
    assert.equal(await proposal.getAttribute('data-proposal'), 'not_waived');
    assert.match((await proposal.textContent()) ?? '', /5-3-6/);
    assert.equal(await a.page.locator('#clauses tr[data-clause="5-3-6"]').getAttribute('data-result'), 'applies');
    await screenshot(a.page, 'investigation-case');
    await a.page.locator('#reasons').fill("The goods were delivered to the member's home address.");
    await a.page.locator('#decision-form button[type=submit]').click();
    assert.equal(await state(a.page), 'decided');

    // The member sees the decision in the portal and gets it by email, with the clause and the facts.
    await m.goto(url('/enet/fraud'));
    await m.getByRole('link', { name: first }).click();
    assert.equal(await m.locator('#case-status').getAttribute('data-state'), 'decided');
    const text = (await m.locator('#decision-text').textContent()) ?? '';
    assert.match(text, /免除されません/);
    assert.match(text, /規約第5条第3項第6号/);
    assert.match(text, /テスト書店/);
    await screenshot(m, 'investigation-member-decision');
    const [mail] = await mailFor(/不正利用調査の結果/, 1);
    assert.match(mail?.text ?? '', /規約第5条第3項第6号/);
    assert.match(mail?.text ?? '', new RegExp(first));

    // Closed cases refuse edits: no forms, and a direct post is refused.
    await a.page.locator('#close-form button').click();
    assert.equal(await state(a.page), 'closed');
    await a.page.locator('#closed-notice').waitFor();
    assert.equal(await a.page.locator('#findings-form').count(), 0);
    const csrf = (await a.page.locator('input[name=csrf]').first().getAttribute('value')) ?? '';
    const caseUrl = a.page.url().replace(/\?.*$/, '');
    const refused = await a.page.request.post(`${caseUrl}/notes`, {
      form: { csrf, kind: 'note', body: 'late' },
      headers: { origin: server.url },
      maxRedirects: 0,
    });
    assert.equal(refused.status(), 409);

    // A second case over the approval threshold: waived, but only after a second investigator approves.
    const second = await report(m, [laptop]);
    await openCase(a.page, second);
    await a.page.locator('#assign-form button').click();
    await transactionFacts(a.page, 0, 'unrelated', 'unrelated', 'shipped abroad to an unknown address');
    await allFindingsNo(a.page);
    assert.equal(await a.page.locator('#proposal').getAttribute('data-proposal'), 'waived');
    await a.page.locator('#reasons').fill('Not at fault; no exception applies.');
    await a.page.locator('#decision-form button[type=submit]').click();
    assert.equal(await state(a.page), 'proposed');
    assert.equal(await a.page.locator('#approval-form').count(), 0, 'no self-approval');
    await m.goto(url('/enet/fraud'));
    await m.getByRole('link', { name: second }).click();
    assert.equal(await m.locator('#decision-text').count(), 0, 'not told before approval');

    const b = await investigator();
    await openCase(b.page, second);
    await b.page.locator('#approval-form select[name=verdict]').selectOption('approved');
    await b.page.locator('#approval-form button').click();
    assert.equal(await state(b.page), 'decided');
    await m.reload();
    assert.match((await m.locator('#decision-text').textContent()) ?? '', /お支払いを免除します/);
    const mails = await mailFor(/不正利用調査の結果/, 2);
    assert.ok(mails.some((x) => x.subject.includes(second) && /免除します/.test(x.text)));
  });
});
