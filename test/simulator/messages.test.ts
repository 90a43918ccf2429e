import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoMerchant } from '../../demo/shop/catalogue.ts';
import { buildRRes, enrichAReq } from '../../demo/simulator/ds/messages.ts';
import { decodeBase64urlJson, encodeBase64urlJson } from '../../demo/simulator/encoding.ts';
import { maskMessage } from '../../demo/simulator/flow-log.ts';
import { type BrowserInfo, browserInfoFrom } from '../../demo/simulator/three-ds-server/browser-info.ts';
import { buildBrowserAReq, buildBrowserCReq } from '../../demo/simulator/three-ds-server/messages.ts';
import { validateMessage } from '../../src/protocol/validate.ts';
import { SUPPORTED_VERSIONS } from '../../src/protocol/versions.ts';
import { loadFixture } from '../support/messages.ts';

const headers = { accept: 'text/html', userAgent: 'Mozilla/5.0 test', acceptLanguage: 'ja-JP,ja;q=0.9,en;q=0.5' };
const withScript = browserInfoFrom(
  { js: '1', screenWidth: '1440', screenHeight: '900', colorDepth: '30', tz: '-540', language: 'ja-JP', java: '0' },
  headers,
  '::ffff:127.0.0.1',
);
const withoutScript = browserInfoFrom({ js: '0' }, headers, undefined);

function areqFor(version: (typeof SUPPORTED_VERSIONS)[number], browser: BrowserInfo) {
  const areq = buildBrowserAReq({
    version,
    threeDSServerTransID: crypto.randomUUID(),
    card: { pan: '4111111111111111', expiry: '3012' },
    amountYen: 12800,
    purchaseDate: new Date('2026-11-25T03:00:00Z'),
    merchant: demoMerchant('http://127.0.0.1:8080'),
    threeDSServerURL: 'http://127.0.0.1:8080/demo/3ds-server/rreq',
    notificationURL: 'http://127.0.0.1:8080/demo/3ds-server/notify',
    threeDSCompInd: 'U',
    browser,
  });
  return enrichAReq(areq, { dsTransID: crypto.randomUUID(), dsURL: 'http://127.0.0.1:8080/demo/ds/rreq' });
}

for (const version of SUPPORTED_VERSIONS) {
  for (const [name, browser] of [
    ['script ran', withScript],
    ['no JavaScript', withoutScript],
  ] as const) {
    test(`browser AReq ${version} (${name}) as the ACS receives it passes fields.json`, () => {
      const areq = areqFor(version, browser);
      assert.deepEqual(validateMessage(areq, { messageType: 'AReq', messageVersion: version, strict: true }), {
        ok: true,
      });
      assert.equal(areq.purchaseCurrency, '392');
      assert.equal(areq.purchaseExponent, '0');
      assert.equal(areq.deviceChannel, '02');
    });
  }
}

test('browser fields: colour depth mapped per version, IPv4-mapped address unwrapped, no-JS leaves screen out', () => {
  assert.equal(areqFor('2.2.0', withScript).browserColorDepth, '24');
  assert.equal(areqFor('2.3.1', withScript).browserColorDepth, '30');
  assert.equal(areqFor('2.2.0', withScript).browserIP, '127.0.0.1');
  const noJs = areqFor('2.2.0', withoutScript);
  assert.equal(noJs.browserJavascriptEnabled, false);
  assert.equal(noJs.browserScreenWidth, undefined);
  assert.equal(noJs.browserLanguage, 'ja-JP');
  assert.deepEqual(areqFor('2.3.1', withoutScript).acceptLanguage, ['ja-JP', 'ja', 'en']);
  assert.equal(areqFor('2.1.0', withoutScript).browserScreenWidth, '1920', '2.1.0 requires them: defaults');
});

test('CReq and RRes builders produce valid messages; base64url round-trips padded or not', () => {
  const ares = loadFixture('ARes_C_browser_2.2.0');
  const creq = buildBrowserCReq(ares, '02');
  const context = { deviceChannel: '02', messageCategory: '01' };
  assert.deepEqual(validateMessage(creq, { messageType: 'CReq', messageVersion: '2.2.0', context }), { ok: true });
  const encoded = encodeBase64urlJson(creq);
  assert.ok(!encoded.includes('='));
  assert.deepEqual(decodeBase64urlJson(encoded), creq);
  assert.deepEqual(decodeBase64urlJson(`${encoded}${'='.repeat((4 - (encoded.length % 4)) % 4)}`), creq);
  assert.equal(decodeBase64urlJson('not base64!'), undefined);
  const rres = buildRRes(loadFixture('RReq_2.2.0'));
  assert.deepEqual(rres, loadFixture('RRes_2.2.0'));
  assert.deepEqual(validateMessage(rres, { messageType: 'RRes', messageVersion: '2.2.0', context }), { ok: true });
});

test('the flow log masks every acctNumber', () => {
  const masked = maskMessage({ acctNumber: '4111111111111111', nested: { acctNumber: '4111112222222227' } });
  assert.deepEqual(masked, { acctNumber: '411111******1111', nested: { acctNumber: '411111******2227' } });
});
