import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { decodeBase64urlJson, encodeBase64urlJson } from '../../demo/simulator/encoding.ts';
import { forEachDialect } from '../support/databases.ts';
import { type DemoServer, hiddenValue, postForm, postJsonMessage, startDemoServer } from './harness.ts';

const browserFields = {
  js: '1',
  screenWidth: '390',
  screenHeight: '844',
  colorDepth: '24',
  tz: '-540',
  language: 'ja-JP',
  java: '0',
};

forEachDialect('demo shop and its 3DS Server simulator', (getDb) => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer(getDb());
  });
  after(() => demo.server.close());

  test('the shop page is Japanese by default with the demo card picker, and English on request', async () => {
    const ja = await fetch(`${demo.server.url}/demo/shop`);
    assert.equal(ja.status, 200);
    const csp = ja.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-/);
    const html = await ja.text();
    assert.match(html, /^<!DOCTYPE html><html lang="ja">/);
    assert.match(html, /シミュレーター/);
    for (const card of demo.seed.cards) {
      assert.ok(html.includes(`value="${card.enetId}"`), card.enetId);
      assert.ok(html.includes(card.maskedPan), card.maskedPan);
      assert.ok(html.includes(card.label), card.label);
      assert.ok(!html.includes(card.pan), 'full PANs stay out of the page');
    }
    assert.match(html, /<a [^>]*href="\/dev\/phone"[^>]*target="_blank"/);
    assert.match(html, /name="windowSize"/);
    assert.match(html, /<option value="2.2.0" selected/);
    const en = await (await fetch(`${demo.server.url}/demo/shop?lang=en`)).text();
    assert.match(en, /<html lang="en">/);
    assert.ok(en.includes(demo.seed.cards[0]!.labelEn));
    const accept = await fetch(`${demo.server.url}/demo/shop`, { headers: { 'accept-language': 'en-GB,en;q=0.8' } });
    assert.match(await accept.text(), /<html lang="en">/);
  });

  test('an unknown card or product is refused with the shop page again', async () => {
    const res = await postForm(`${demo.server.url}/demo/shop/checkout`, { product: 'matcha', card: 'nobody' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /role="alert"/);
  });

  /** checkout → collection page → authenticate (AReq via the DS simulator); returns the id and the answer. */
  async function checkout(card: string, extra: Record<string, string> = {}) {
    const page = await postForm(`${demo.server.url}/demo/shop/checkout`, {
      product: 'tetsubin',
      card,
      windowSize: '02',
      messageVersion: '2.2.0',
      ...extra,
    });
    assert.equal(page.status, 200);
    const html = await page.text();
    const id = hiddenValue(html, 'threeDSServerTransID');
    assert.ok(id, 'the collection page carries the transaction id');
    const methodData = hiddenValue(html, 'threeDSMethodData');
    if (methodData) {
      assert.deepEqual(decodeBase64urlJson(methodData), {
        threeDSServerTransID: id,
        threeDSMethodNotificationURL: `${demo.server.url}/demo/3ds-server/method-notify`,
      });
      assert.match(html, new RegExp(`action="${demo.server.url}/3ds/method"`));
    }
    const answer = await postForm(`${demo.server.url}/demo/3ds-server/authenticate`, {
      threeDSServerTransID: id,
      ...browserFields,
    });
    return { id, answer, methodRan: methodData !== undefined };
  }

  test('frictionless: a not-enrolled card goes straight to a result page with N/13 and the messages', async () => {
    const { id, answer } = await checkout('demo-jiro');
    assert.equal(answer.status, 303);
    assert.equal(answer.headers.get('location'), `/demo/shop/result/${id}`);
    const html = await (await fetch(`${demo.server.url}/demo/shop/result/${id}`)).text();
    assert.match(html, /data-outcome="not_enrolled"/);
    assert.match(html, /data-field="transStatus">N</);
    assert.match(html, /data-field="transStatusReason">13</);
    const order = [...html.matchAll(/data-message="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(order, ['3DS Method', 'AReq', 'AReq', 'ARes']);
    assert.ok(html.includes('411111******3333'));
    assert.ok(!html.includes('4111113333333333'), 'the inspector masks the PAN');
    assert.match(html, /&quot;threeDSCompInd&quot;: &quot;[UN]&quot;/);
  });

  test('challenge: CReq into the sized iframe, then RReq via the DS and the CRes give the result', async () => {
    const { id, answer } = await checkout('demo-taro', { lang: 'en' });
    assert.equal(answer.status, 200);
    const html = await answer.text();
    assert.match(html, /<html lang="en">/);
    assert.match(html, new RegExp(`<form id="creq-form" method="post" action="${demo.server.url}/3ds/challenge"`));
    assert.match(html, /target="challengeFrame"/);
    assert.match(html, /<iframe name="challengeFrame"[^>]*width="390" height="400"/);
    const creq = decodeBase64urlJson(hiddenValue(html, 'creq'));
    assert.equal(creq?.messageType, 'CReq');
    assert.equal(creq?.threeDSServerTransID, id);
    assert.equal(creq?.challengeWindowSize, '02');
    assert.equal(creq?.messageVersion, '2.2.0');
    const sessionData = hiddenValue(html, 'threeDSSessionData');
    assert.ok(sessionData);
    const acsTransID = String(creq?.acsTransID);

    // Play the ACS's side by hand (its challenge is tested elsewhere): the RReq through the DS, then the CRes.
    const dsTransID = await dsTransIdFromResult(id!);
    const rreq = {
      messageType: 'RReq',
      messageVersion: '2.2.0',
      messageCategory: '01',
      threeDSServerTransID: id,
      acsTransID,
      dsTransID,
      transStatus: 'Y',
      authenticationType: '02',
      authenticationValue: 'SrwdrUmKrcoRzHGxLImweNkbhM0=',
      eci: '05',
      interactionCounter: '01',
    };
    const rres = await postJsonMessage(`${demo.server.url}/demo/ds/rreq`, rreq);
    assert.equal(rres.json.messageType, 'RRes', JSON.stringify(rres.json));
    assert.equal(rres.json.resultsStatus, '01');
    const cres = encodeBase64urlJson({
      threeDSServerTransID: id,
      acsTransID,
      messageType: 'CRes',
      messageVersion: '2.2.0',
      challengeCompletionInd: 'Y',
      transStatus: 'Y',
    });
    const notified = await postForm(`${demo.server.url}/demo/3ds-server/notify`, {
      cres,
      threeDSSessionData: sessionData,
    });
    assert.equal(notified.status, 200);
    const frame = await notified.text();
    assert.match(frame, new RegExp(`href="/demo/shop/result/${id}\\?lang=en" target="_top"`));

    const result = await (await fetch(`${demo.server.url}/demo/shop/result/${id}`)).text();
    assert.match(result, /<html lang="en">/);
    assert.match(result, /data-outcome="authenticated"/);
    assert.match(result, /data-field="ECI">05</);
    assert.match(result, /data-field="CAVV \(authenticationValue\)">SrwdrUmKrcoRzHGxLImweNkbhM0=</);
    const order = [...result.matchAll(/data-message="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(
      order.filter((m) => m !== '3DS Method'),
      ['AReq', 'AReq', 'ARes', 'CReq', 'RReq', 'RRes', 'CRes'],
    );
  });

  test('unknown transactions: a stray CRes, a result page and an RReq the 3DS Server never started', async () => {
    const res = await postForm(`${demo.server.url}/demo/3ds-server/notify`, { cres: 'e30' });
    assert.equal(res.status, 404);
    const unknown = await fetch(`${demo.server.url}/demo/shop/result/${randomUUID()}`);
    assert.equal(unknown.status, 404);
    const rreq = { messageType: 'RReq', messageVersion: '2.2.0', threeDSServerTransID: randomUUID() };
    const erro = await postJsonMessage(`${demo.server.url}/demo/3ds-server/rreq`, rreq);
    assert.deepEqual([erro.json.messageType, erro.json.errorCode, erro.json.errorComponent], ['Erro', '301', 'S']);
  });

  async function dsTransIdFromResult(id: string): Promise<string> {
    const html = await (await fetch(`${demo.server.url}/demo/shop/result/${id}`)).text();
    const m = /&quot;dsTransID&quot;: &quot;([0-9a-f-]{36})&quot;/.exec(html);
    assert.ok(m, 'the inspector shows the dsTransID the DS added');
    return m[1]!;
  }
});
