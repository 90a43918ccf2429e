import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appRenderingType, buildARes, buildRReq } from '../outgoing.ts';
import { validateMessage } from '../validate.ts';
import { SUPPORTED_VERSIONS } from '../versions.ts';
import { appLanguage, deviceFacts, recognisedDeviceInfoVersion, sdkDrawsNativeText } from './ares.ts';

const info = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

test('native text UI: sdkInterface 01 or 03 and sdkUiType with 01', () => {
  const options = (sdkInterface: string, sdkUiType: string[]) => ({ deviceRenderOptions: { sdkInterface, sdkUiType } });
  assert.equal(sdkDrawsNativeText(options('01', ['01'])), true);
  assert.equal(sdkDrawsNativeText(options('03', ['05', '01'])), true);
  assert.equal(sdkDrawsNativeText(options('02', ['01', '05'])), false, 'HTML only');
  assert.equal(sdkDrawsNativeText(options('03', ['02', '03', '04'])), false, 'no text template');
  assert.equal(sdkDrawsNativeText({}), false);
});

test('device facts: DV and the C005 locale, English only when the locale says so', () => {
  const facts = deviceFacts({ deviceInfo: info({ DV: '1.5', DD: { C005: 'en_GB' } }) });
  assert.deepEqual(facts, { version: '1.5', locale: 'en_GB' });
  assert.equal(appLanguage(facts.locale), 'en');
  assert.equal(appLanguage('ja-JP'), 'ja');
  assert.equal(appLanguage('eng'), 'ja');
  assert.equal(appLanguage(undefined), 'ja');
  assert.deepEqual(deviceFacts({ deviceInfo: 'not json' }), { version: undefined, locale: undefined });
  assert.equal(recognisedDeviceInfoVersion(deviceFacts({ deviceInfo: info({ DV: 'x' }) })), '1.0');
});

const ids = {
  threeDSServerTransID: '5c262d06-4d3e-4968-bced-8b0bf2353b31',
  dsTransID: '800fdf14-d6af-40be-a943-a43aa0282d06',
  dsReferenceNumber: 'DS_REF_TEST_0001',
  sdkTransID: '7e28d7d6-1cc9-4527-9cac-8901c536d23f',
  deviceChannel: '01',
  messageCategory: '01',
};
const context = { deviceChannel: '01', messageCategory: '01' };
const acsTransID = 'b0c5d5c4-8f1e-4d8a-a0c2-3f5d0b8d2a11';

test('app ARes (C and N) and app RReq validate strictly in every version; no acsURL for the app', () => {
  for (const version of SUPPORTED_VERSIONS) {
    const app = { deviceInfoRecognisedVersion: '1.4', acsSignedContent: 'aGVhZA.cGF5bG9hZA.c2ln' };
    const challenge = buildARes({
      version,
      areq: ids,
      acsTransID,
      decision: { kind: 'challenge' },
      acsURL: 'https://a/x',
      app,
    });
    assert.deepEqual(validateMessage(challenge, { messageType: 'ARes', messageVersion: version, context }), {
      ok: true,
    });
    assert.equal(challenge.acsURL, undefined);
    assert.deepEqual(challenge.acsRenderingType, appRenderingType(version));
    const declined = buildARes({
      version,
      areq: ids,
      acsTransID,
      decision: { kind: 'reject', transStatus: 'N', reason: '03', why: 'app_ui_unsupported' },
      acsURL: 'https://a/x',
      app: { deviceInfoRecognisedVersion: '1.4' },
    });
    assert.deepEqual(validateMessage(declined, { messageType: 'ARes', messageVersion: version, context }), {
      ok: true,
    });
    for (const transStatus of ['Y', 'N']) {
      const rreq = buildRReq({
        version,
        deviceChannel: '01',
        sdkTransID: ids.sdkTransID,
        threeDSServerTransID: ids.threeDSServerTransID,
        acsTransID,
        dsTransID: ids.dsTransID,
        messageCategory: '01',
        transStatus,
        transStatusReason: transStatus === 'N' ? '01' : null,
        challengeCancel: transStatus === 'N' ? '01' : null,
        eci: transStatus === 'Y' ? '05' : '07',
        authenticationValue: transStatus === 'Y' ? 'AAABBBCCCDDDEEEFFFGGGHHHIII=' : null,
        interactionCounter: 2,
      });
      assert.deepEqual(validateMessage(rreq, { messageType: 'RReq', messageVersion: version, context }), { ok: true });
    }
  }
  assert.throws(() =>
    buildARes({ version: '2.2.0', areq: ids, acsTransID, decision: { kind: 'challenge' }, acsURL: 'https://a/x' }),
  );
});
