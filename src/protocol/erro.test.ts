import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildErro, ERROR_CODES, type ErroMessage, type ErrorCode, erroForFailure } from './erro.ts';
import { enumValues, fieldValues } from './fields.ts';
import { validateMessage, validationFailure } from './validate.ts';
import { type MessageVersion, SUPPORTED_VERSIONS } from './versions.ts';

const IDS = {
  threeDSServerTransID: '69cabdfe-7124-4731-830b-8a0a3e6f744b',
  dsTransID: '9ce043a1-8b09-42a1-bf61-3eac02459f6a',
  acsTransID: '1665108f-cb92-4f77-ab47-c42269aecbd7',
  sdkTransID: '7e28d7d6-1cc9-4527-9cac-8901c536d23f',
};

function assertValidErro(erro: ErroMessage, deviceChannel?: string): void {
  const context = deviceChannel === undefined ? undefined : { deviceChannel, messageCategory: '01' };
  const result = validateMessage(
    { ...erro },
    { messageType: 'Erro', messageVersion: erro.messageVersion, strict: true, ...(context && { context }) },
  );
  assert.deepEqual(result, { ok: true }, JSON.stringify(erro));
  for (const [key, value] of Object.entries(erro)) {
    assert.ok(value !== undefined && value !== '', `${key} is empty`);
  }
}

function codesOf(version: MessageVersion): ErrorCode[] {
  const codes = fieldValues('Erro', version, 'errorCode') ?? [];
  return ERROR_CODES.filter((c) => codes.includes(c));
}

describe('buildErro', () => {
  test('ERROR_CODES is the errorCode list of fields.json', () => {
    assert.deepEqual(ERROR_CODES, enumValues('errorCode'));
  });

  test('every code of every version, with and without ids, validates as an Erro', () => {
    for (const version of SUPPORTED_VERSIONS) {
      for (const errorCode of codesOf(version)) {
        for (const deviceChannel of ['01', '02', undefined]) {
          const full = buildErro({
            errorCode,
            errorDetail: 'acctNumber',
            messageVersion: version,
            ids: IDS,
            deviceChannel,
          });
          assertValidErro(full, deviceChannel);
          const bare = buildErro({ errorCode, errorDetail: 'x', messageVersion: version, errorMessageType: 'AReq' });
          assertValidErro(bare, deviceChannel);
        }
      }
    }
  });

  test('echoes the ids exactly, and sdkTransID only outside browser and 3RI', () => {
    const app = buildErro({
      errorCode: '203',
      errorDetail: 'x',
      messageVersion: '2.2.0',
      ids: IDS,
      deviceChannel: '01',
    });
    assert.deepEqual(
      [app.threeDSServerTransID, app.dsTransID, app.acsTransID, app.sdkTransID],
      [IDS.threeDSServerTransID, IDS.dsTransID, IDS.acsTransID, IDS.sdkTransID],
    );
    const browser = buildErro({
      errorCode: '203',
      errorDetail: 'x',
      messageVersion: '2.2.0',
      ids: IDS,
      deviceChannel: '02',
    });
    assert.equal('sdkTransID' in browser, false);
  });

  test('leaves out ids that are not UUIDs and message types the table does not list', () => {
    const erro = buildErro({
      errorCode: '203',
      errorDetail: 'threeDSServerTransID',
      messageVersion: '2.2.0',
      ids: { threeDSServerTransID: 'not-a-uuid', dsTransID: '', acsTransID: 42, sdkTransID: null },
      errorMessageType: 'OReq',
    });
    assert.deepEqual(Object.keys(erro).sort(), [
      'errorCode',
      'errorComponent',
      'errorDescription',
      'errorDetail',
      'messageType',
      'messageVersion',
    ]);
    assertValidErro(erro);
  });

  test('keeps a supported received version, otherwise answers with our highest', () => {
    assert.equal(buildErro({ errorCode: '101', errorDetail: 'x', messageVersion: '2.1.0' }).messageVersion, '2.1.0');
    for (const received of ['2.4.0', '', undefined, 2.2, '2.2']) {
      const erro = buildErro({ errorCode: '102', errorDetail: '2.1.0,2.2.0,2.3.1', messageVersion: received });
      assert.equal(erro.messageVersion, '2.3.1');
      assertValidErro(erro);
    }
    const limited = buildErro({
      errorCode: '102',
      errorDetail: 'x',
      messageVersion: '2.3.1',
      supportedVersions: ['2.1.0', '2.2.0'],
    });
    assert.equal(limited.messageVersion, '2.2.0');
  });

  test('truncates description and detail to the table limit and fills empty ones', () => {
    const long = buildErro({
      errorCode: '203',
      errorDescription: 'd'.repeat(5000),
      errorDetail: `${'😀'.repeat(2047)}xyz`,
      messageVersion: '2.2.0',
    });
    assert.equal(long.errorDescription.length, 2048);
    assert.equal(Array.from(long.errorDetail).length, 2048);
    assertValidErro(long);
    const empty = buildErro({ errorCode: '201', errorDescription: '  ', errorDetail: '', messageVersion: '2.2.0' });
    assert.equal(empty.errorDescription, 'a required element is missing or empty');
    assert.equal(empty.errorDetail, empty.errorDescription);
  });

  test('maps 207 to 203 before 2.3.1 and refuses codes a version does not define', () => {
    assert.equal(buildErro({ errorCode: '207', errorDetail: 'x', messageVersion: '2.2.0' }).errorCode, '203');
    assert.equal(buildErro({ errorCode: '207', errorDetail: 'x', messageVersion: '2.3.1' }).errorCode, '207');
    assert.throws(() => buildErro({ errorCode: '314', errorDetail: 'x', messageVersion: '2.2.0' }), RangeError);
  });

  test('erroForFailure echoes what the faulty message carried', () => {
    const failure = validationFailure('201', 'acctNumber', 'AReq');
    const received = {
      ...IDS,
      messageType: 'AReq',
      messageVersion: '2.1.0',
      deviceChannel: '02',
      acsTransID: undefined,
    };
    const erro = erroForFailure(failure, received, { acsTransID: IDS.acsTransID });
    assert.deepEqual(erro, {
      messageType: 'Erro',
      messageVersion: '2.1.0',
      threeDSServerTransID: IDS.threeDSServerTransID,
      acsTransID: IDS.acsTransID,
      dsTransID: IDS.dsTransID,
      errorCode: '201',
      errorComponent: 'A',
      errorDescription: 'a required element is missing or empty',
      errorDetail: 'acctNumber',
      errorMessageType: 'AReq',
    });
    assertValidErro(erroForFailure(validationFailure('101', 'message is not a JSON object'), undefined));
  });
});
