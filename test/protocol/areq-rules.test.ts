import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateMessageText } from '../../src/protocol/incoming.ts';
import { isJsonObject, type JsonObject } from '../../src/protocol/json.ts';
import { type ValidationResult, validateMessage } from '../../src/protocol/validate.ts';
import { areqBrowser210, loadSamples, type Sample } from './fixtures.ts';

const samples = loadSamples();
const areqs = [...samples.filter((s) => s.messageType === 'AReq'), areqBrowser210(samples)];
const appAReq = areqs.find((s) => s.file === 'AReq_app_2.2.0.json');
assert.ok(appAReq !== undefined);

function failure(result: { ok: boolean; errorCode?: string; errorDetail?: string }): unknown {
  return result.ok ? { ok: true } : { errorCode: result.errorCode, errorDetail: result.errorDetail };
}

function validate(sample: Sample, message: JsonObject, extra: { strict?: boolean } = {}): ValidationResult {
  return validateMessage(message, { messageType: 'AReq', messageVersion: sample.messageVersion, ...extra });
}

const extension = (id: string, criticalityIndicator: boolean) => ({
  name: 'Example extension',
  id,
  criticalityIndicator,
  data: { anything: 'goes' },
});

/** Inserts `"name": value,` right after the opening brace of the object that `anchor` opens. */
function injectAfter(text: string, anchor: string, member: string): string {
  const at = text.indexOf(anchor);
  assert.ok(at >= 0, `anchor ${anchor} not found`);
  return `${text.slice(0, at + anchor.length)}${member},${text.slice(at + anchor.length)}`;
}

for (const sample of areqs) {
  describe(`AReq rules: ${sample.file}`, () => {
    const text = JSON.stringify(sample.message);
    const opts = { messageType: 'AReq' } as const;

    test('the text of the sample passes validateMessageText with its own version', () => {
      const result = validateMessageText(text, opts);
      assert.equal(result.ok, true);
      if (result.ok) assert.equal(result.messageVersion, sample.messageVersion);
    });

    test('a repeated top-level member: 204 naming it', () => {
      const dup = injectAfter(text, '{', '"threeDSServerTransID":"8a880dc0-d2d2-4067-bcb1-b08d1690b26e"');
      assert.deepEqual(failure(validateMessageText(dup, opts)), {
        errorCode: '204',
        errorDetail: 'threeDSServerTransID',
      });
    });

    test('a repeated nested member: 204 with the dotted name', () => {
      const parent = Object.keys(sample.message).find((k) => isJsonObject(sample.message[k]));
      assert.ok(parent !== undefined);
      const child = Object.keys(sample.message[parent] as JsonObject)[0];
      const dup = injectAfter(text, `"${parent}":{`, `"${child}":"x"`);
      assert.deepEqual(failure(validateMessageText(dup, opts)), {
        errorCode: '204',
        errorDetail: `${parent}.${child}`,
      });
    });

    test('an unknown critical extension: 202 naming its id; recognised or non-critical: valid', () => {
      const critical = { ...sample.message, messageExtension: [extension('A000000802-999', true)] };
      assert.deepEqual(failure(validate(sample, critical)), { errorCode: '202', errorDetail: 'A000000802-999' });
      const known = validateMessage(critical, {
        messageType: 'AReq',
        messageVersion: sample.messageVersion,
        recognisedExtensions: new Set(['A000000802-999']),
      });
      assert.deepEqual(known, { ok: true });
      const relaxed = { ...sample.message, messageExtension: [extension('A000000802-998', false)] };
      assert.deepEqual(validate(sample, relaxed), { ok: true });
    });

    test('an unknown field is tolerated in an AReq, but not in strict mode', () => {
      const extra = { ...sample.message, someFutureField: 'x' };
      assert.deepEqual(validate(sample, extra), { ok: true });
      assert.deepEqual(failure(validate(sample, extra, { strict: true })), {
        errorCode: '203',
        errorDetail: 'someFutureField',
      });
    });

    test('an unsupported version: 102 listing ours; another supported one: 203 messageVersion', () => {
      const future = validateMessageText(JSON.stringify({ ...sample.message, messageVersion: '2.4.0' }), opts);
      assert.deepEqual(failure(future), { errorCode: '102', errorDetail: '2.1.0,2.2.0,2.3.1' });
      const other = sample.messageVersion === '2.3.1' ? '2.2.0' : '2.3.1';
      const mixed = validate(sample, { ...sample.message, messageVersion: other });
      assert.deepEqual(failure(mixed), { errorCode: '203', errorDetail: 'messageVersion' });
    });

    test('an unknown, missing or unexpected messageType: 101', () => {
      for (const messageType of ['XReq', undefined, 'ARes', 42]) {
        const message = { ...sample.message, messageType };
        assert.deepEqual(failure(validate(sample, message)), { errorCode: '101', errorDetail: 'messageType' });
      }
    });

    test('checks run in the documented order: 101, 102, 204, 201, 203, 202', () => {
      const broken = { ...sample.message, messageExtension: [extension('X', true)] };
      const badFormat = { ...broken, threeDSServerTransID: 'nope' };
      const missing: JsonObject = { ...badFormat };
      delete missing.acctNumber;
      const dupText = injectAfter(JSON.stringify(missing), '{', '"threeDSServerTransID":"nope"');
      const code = (r: ValidationResult) => (r.ok ? 'ok' : r.errorCode);
      assert.equal(code(validate(sample, broken)), '202');
      assert.equal(code(validate(sample, badFormat)), '203');
      assert.equal(code(validate(sample, missing)), '201');
      assert.equal(code(validateMessageText(dupText, opts)), '204');
      const badVersion = dupText.replace(`"messageVersion":"${sample.messageVersion}"`, '"messageVersion":"1.0.2"');
      assert.equal(code(validateMessageText(badVersion, opts)), '102');
      assert.equal(code(validateMessageText(badVersion.replace('"AReq"', '"PReq"'), opts)), '101');
      assert.equal(code(validateMessageText(`${badVersion}}`, opts)), '101');
    });

    test('an excluded ISO code: 304, unless a format error (203) is also present', () => {
      const excluded = { ...sample.message, merchantCountryCode: '999', purchaseCurrency: '960' };
      assert.deepEqual(failure(validate(sample, excluded)), {
        errorCode: '304',
        errorDetail: 'merchantCountryCode,purchaseCurrency',
      });
      const both = { ...excluded, acctNumber: '12' };
      assert.deepEqual(failure(validate(sample, both)), { errorCode: '203', errorDetail: 'acctNumber' });
    });

    test('identical items in an array: 204', () => {
      const twice = [extension('A1', false), extension('A1', false)];
      assert.deepEqual(failure(validate(sample, { ...sample.message, messageExtension: twice })), {
        errorCode: '204',
        errorDetail: 'messageExtension',
      });
    });
  });
}

describe('AReq channel rules', () => {
  test('a browser-only field in an APP AReq is ignored, but named in strict mode', () => {
    const message = { ...appAReq.message, browserAcceptHeader: 'text/html' };
    assert.deepEqual(validate(appAReq, message), { ok: true });
    assert.deepEqual(failure(validate(appAReq, message, { strict: true })), {
      errorCode: '203',
      errorDetail: 'browserAcceptHeader',
    });
  });

  test('sdkEncData reaching the ACS is invalid (fields.json atAcs "absent")', () => {
    const message = { ...appAReq.message, sdkEncData: 'abc' };
    assert.deepEqual(failure(validate(appAReq, message)), { errorCode: '203', errorDetail: 'sdkEncData' });
  });

  test('DS-added fields are required at the ACS (atAcs "R")', () => {
    const message: JsonObject = { ...appAReq.message };
    delete message.dsTransID;
    delete message.deviceInfo;
    assert.deepEqual(failure(validate(appAReq, message)), { errorCode: '201', errorDetail: 'deviceInfo,dsTransID' });
  });

  test('browser data is conditional on JavaScript in 2.2.0', () => {
    const browser = areqs.find((s) => s.file === 'AReq_browser_2.2.0.json');
    assert.ok(browser !== undefined);
    const message: JsonObject = { ...browser.message, browserJavascriptEnabled: false };
    for (const name of ['browserColorDepth', 'browserScreenHeight', 'browserScreenWidth', 'browserTZ']) {
      delete message[name];
    }
    assert.deepEqual(validate(browser, message), { ok: true });
    message.browserJavascriptEnabled = true;
    assert.deepEqual(failure(validate(browser, message)), {
      errorCode: '201',
      errorDetail: 'browserColorDepth,browserScreenHeight,browserScreenWidth,browserTZ',
    });
  });

  test('a DS-specific channel (80-99) falls back to the rules shared by every channel', () => {
    const message = { ...appAReq.message, deviceChannel: '85' };
    assert.deepEqual(validate(appAReq, message), { ok: true });
    const bare: JsonObject = { ...message };
    delete bare.threeDSRequestorURL;
    assert.deepEqual(failure(validate(appAReq, bare)), { errorCode: '201', errorDetail: 'threeDSRequestorURL' });
  });
});
