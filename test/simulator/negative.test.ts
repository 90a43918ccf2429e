import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildOReq, sendOReq } from '../../demo/simulator/ds/oreq-send.ts';
import { validateMessage } from '../../src/protocol/validate.ts';
import type { MessageVersion } from '../../src/protocol/versions.ts';
import { forEachDialect } from '../support/databases.ts';
import { type DemoServer, demoBrowserAReq, postJsonMessage, startDemoServer } from './harness.ts';

// Negative cases sent by the simulators (issue 16): the DS simulator's OReq (2.3.1 Seq 5.25) and EMVCo-reserved
// codes from the 3DS Server simulator's AReq, through the DS simulator to the ACS.

forEachDialect('simulators: OReq and reserved codes', (getDb) => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer(getDb());
  });
  after(() => demo.server.close());

  const loggedFor = (dsTransID: string) =>
    getDb()
      .db.selectFrom('message_log')
      .select(['direction', 'message_type'])
      .where('ds_trans_id', '=', dsTransID)
      .orderBy('direction')
      .execute();

  test('DS simulator OReq → ORes (Table B.11) with the Table A.29 headers, both recorded', async () => {
    const exchange = await sendOReq(demo.server.url);
    assert.deepEqual(exchange.check, { ok: true }, JSON.stringify(exchange.answer));
    const ores = exchange.answer;
    assert.equal(ores?.messageType, 'ORes');
    assert.equal(ores?.dsTransID, exchange.oreq.dsTransID);
    assert.deepEqual(validateMessage(ores ?? {}, { messageType: 'ORes', messageVersion: '2.3.1', strict: true }), {
      ok: true,
    });
    assert.deepEqual(await loggedFor(String(exchange.oreq.dsTransID)), [
      { direction: 'in', message_type: 'OReq' },
      { direction: 'out', message_type: 'ORes' },
    ]);
  });

  const broadInfo = (category: string) => ({ category, severity: '01', recipients: ['02'], source: '01' });
  const cases: Array<[string, Record<string, unknown>, string | undefined, string | undefined]> = [
    ['an EMVCo-reserved broadInfo.category 07', { broadInfo: broadInfo('07') }, '207', 'broadInfo.category'],
    ['an EMVCo-reserved broadInfo.category 79', { broadInfo: broadInfo('79') }, '207', 'broadInfo.category'],
    ['a DS-specific broadInfo.category 80', { broadInfo: broadInfo('80') }, undefined, undefined],
    ['no broadInfo', { broadInfo: undefined }, '201', 'broadInfo'],
    ['messageVersion 2.2.0 (no OReq before 2.3.1)', { messageVersion: '2.2.0' }, '102', '2.3.1'],
    ['a dsTransID that is no UUID', { dsTransID: 'nope' }, '203', 'dsTransID'],
  ];
  for (const [name, changes, errorCode, errorDetail] of cases) {
    test(`DS simulator OReq with ${name} → ${errorCode ? `Erro ${errorCode}` : 'ORes'}`, async () => {
      const { answer } = await sendOReq(demo.server.url, buildOReq(changes));
      if (errorCode === undefined) {
        assert.equal(answer?.messageType, 'ORes', JSON.stringify(answer));
        return;
      }
      assert.equal(answer?.messageType, 'Erro', JSON.stringify(answer));
      assert.deepEqual([answer.errorCode, answer.errorDetail, answer.errorComponent], [errorCode, errorDetail, 'A']);
      assert.equal(answer.errorMessageType, 'OReq');
      assert.equal(answer.messageVersion, '2.3.1');
    });
  }

  test('an OReq posted to /3ds/areq is Erro 101; an AReq posted to /3ds/oreq too', async () => {
    const toAReq = await postJsonMessage(`${demo.server.url}/3ds/areq`, buildOReq());
    assert.equal(toAReq.json.errorCode, '101');
    const toOReq = await postJsonMessage(`${demo.server.url}/3ds/oreq`, {
      messageType: 'AReq',
      messageVersion: '2.3.1',
    });
    assert.equal(toOReq.json.errorCode, '101');
    const notJson = await postJsonMessage(`${demo.server.url}/3ds/oreq`, '{"messageType":');
    assert.equal(notJson.json.errorCode, '101');
  });

  function areqFor(version: MessageVersion, changes: Record<string, unknown>) {
    return {
      ...demoBrowserAReq(demo, 'demo-taro', version),
      ...changes,
    };
  }

  const reserved: Array<[MessageVersion, Record<string, unknown>, string, string]> = [
    ['2.3.1', { threeDSRequestorAuthenticationInd: '15' }, '207', 'threeDSRequestorAuthenticationInd'],
    ['2.3.1', { acctType: '05' }, '207', 'acctType'],
    ['2.3.1', { messageCategory: '03' }, '207', 'messageCategory'],
    ['2.3.1', { trustListStatus: 'E', trustListStatusSource: '01' }, '203', 'trustListStatus'],
    ['2.2.0', { threeDSRequestorAuthenticationInd: '07' }, '203', 'threeDSRequestorAuthenticationInd'],
    ['2.2.0', { acctType: '05' }, '203', 'acctType'],
  ];
  for (const [version, changes, errorCode, errorDetail] of reserved) {
    test(`3DS Server simulator AReq ${version} ${JSON.stringify(changes)} via the DS → Erro ${errorCode}`, async () => {
      const { json } = await postJsonMessage(`${demo.server.url}/demo/ds/areq`, areqFor(version, changes));
      assert.equal(json.messageType, 'Erro', JSON.stringify(json));
      assert.deepEqual([json.errorCode, json.errorDetail, json.errorComponent], [errorCode, errorDetail, 'A']);
    });
  }

  test('3DS Server simulator AReq with DS-specific codes (80-99) → the ARes', async () => {
    const { json } = await postJsonMessage(
      `${demo.server.url}/demo/ds/areq`,
      areqFor('2.3.1', { threeDSRequestorAuthenticationInd: '85', acctType: '99' }),
    );
    assert.equal(json.messageType, 'ARes', JSON.stringify(json));
  });
});
