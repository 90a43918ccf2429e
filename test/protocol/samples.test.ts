import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateMessageText } from '../../src/protocol/incoming.ts';
import type { JsonObject } from '../../src/protocol/json.ts';
import { type ValidationResult, validateMessage } from '../../src/protocol/validate.ts';
import { loadSamples, type Sample } from './fixtures.ts';

const samples = loadSamples();

function sampleNamed(file: string): Sample {
  const sample = samples.find((s) => s.file === file);
  assert.ok(sample !== undefined, file);
  return sample;
}

function check(sample: Sample, message: JsonObject, context: JsonObject = sample.context): ValidationResult {
  return validateMessage(message, { messageType: sample.messageType, messageVersion: sample.messageVersion, context });
}

function failure(result: ValidationResult): unknown {
  return result.ok ? { ok: true } : { errorCode: result.errorCode, errorDetail: result.errorDetail };
}

function without(message: JsonObject, ...names: string[]): JsonObject {
  const copy = { ...message };
  for (const name of names) delete copy[name];
  return copy;
}

describe('reference samples (test/fixtures/emv3ds/index.json)', () => {
  test('there are twelve samples', () => assert.equal(samples.length, 12));

  for (const sample of samples) {
    test(`${sample.file} validates with its context, leniently and strictly`, () => {
      assert.deepEqual(check(sample, sample.message), { ok: true });
      const strict = validateMessage(sample.message, {
        messageType: sample.messageType,
        messageVersion: sample.messageVersion,
        context: sample.context,
        strict: true,
      });
      assert.deepEqual(strict, { ok: true });
      const fromText = validateMessageText(sample.text, {
        messageType: sample.messageType,
        messageVersion: sample.messageVersion,
        context: sample.context,
      });
      assert.equal(fromText.ok, true);
    });
  }
});

// Mutations the README says the reference check catches, on the messages the ACS sends or receives.
describe('conditions that depend on the transaction', () => {
  test('ARes C for a browser needs acsURL', () => {
    const ares = sampleNamed('ARes_C_browser_2.2.0.json');
    assert.deepEqual(failure(check(ares, without(ares.message, 'acsURL'))), {
      errorCode: '201',
      errorDetail: 'acsURL',
    });
  });

  test('ARes N needs transStatusReason for a payment, not for a non-payment', () => {
    const ares = sampleNamed('ARes_Y_frictionless_2.3.1.json');
    const denied = { ...without(ares.message, 'authenticationValue', 'eci'), transStatus: 'N' };
    assert.deepEqual(failure(check(ares, denied)), { errorCode: '201', errorDetail: 'transStatusReason' });
    assert.deepEqual(check(ares, denied, { deviceChannel: '02', messageCategory: '02' }), { ok: true });
  });

  test('ARes C for an app needs the rendering type and signed content, the browser ones do not apply', () => {
    const ares = sampleNamed('ARes_C_app_2.2.0.json');
    const bare = without(ares.message, 'acsRenderingType', 'acsSignedContent');
    assert.deepEqual(failure(check(ares, bare)), {
      errorCode: '201',
      errorDetail: 'acsRenderingType,acsSignedContent',
    });
    const withUrl = { ...ares.message, acsURL: 'https://acs.example/challenge' };
    assert.deepEqual(failure(check(ares, withUrl)), { errorCode: '203', errorDetail: 'acsURL' });
  });

  test('RReq interactionCounter is required unless our ARes confirmed decoupled (acsDecConInd Y)', () => {
    const rreq = sampleNamed('RReq_2.2.0.json');
    const bare = without(rreq.message, 'interactionCounter');
    assert.deepEqual(failure(check(rreq, bare)), { errorCode: '201', errorDetail: 'interactionCounter' });
    assert.deepEqual(check(rreq, bare, { ...rreq.context, acsDecConInd: 'Y' }), { ok: true });
    assert.deepEqual(failure(check(rreq, { ...rreq.message, interactionCounter: '1' })), {
      errorCode: '203',
      errorDetail: 'interactionCounter',
    });
  });

  test('a CRes counter above 255 and a missing UI member are caught', () => {
    const cres = sampleNamed('CRes_app_challenge_2.2.0.json');
    assert.deepEqual(failure(check(cres, { ...cres.message, acsCounterAtoS: '256' })), {
      errorCode: '203',
      errorDetail: 'acsCounterAtoS',
    });
    assert.deepEqual(failure(check(cres, without(cres.message, 'submitAuthenticationLabel'))), {
      errorCode: '201',
      errorDetail: 'submitAuthenticationLabel',
    });
    const image = { ...cres.message, issuerImage: { medium: 'not a url' } };
    assert.deepEqual(failure(check(cres, image)), { errorCode: '203', errorDetail: 'issuerImage.medium' });
  });

  test('a browser CReq without challengeWindowSize or with an app member', () => {
    const creq = sampleNamed('CReq_browser_2.2.0.json');
    assert.deepEqual(failure(check(creq, without(creq.message, 'challengeWindowSize'))), {
      errorCode: '201',
      errorDetail: 'challengeWindowSize',
    });
    const strict = validateMessage(
      { ...creq.message, sdkCounterStoA: '000' },
      { messageType: 'CReq', messageVersion: '2.2.0', context: creq.context, strict: true },
    );
    assert.deepEqual(failure(strict), { errorCode: '203', errorDetail: 'sdkCounterStoA' });
  });

  test('RRes resultsStatus outside its list', () => {
    const rres = sampleNamed('RRes_2.2.0.json');
    assert.deepEqual(failure(check(rres, { ...rres.message, resultsStatus: '04' })), {
      errorCode: '203',
      errorDetail: 'resultsStatus',
    });
  });
});
