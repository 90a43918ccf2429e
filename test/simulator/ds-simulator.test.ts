import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { simulatorState } from '../../demo/simulator/state.ts';
import { validateMessage } from '../../src/protocol/validate.ts';
import type { MessageVersion } from '../../src/protocol/versions.ts';
import { forEachDialect } from '../support/databases.ts';
import { loadFixture } from '../support/messages.ts';
import { type DemoServer, demoBrowserAReq, postJsonMessage, startDemoServer } from './harness.ts';

forEachDialect('DS simulator', (getDb) => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer(getDb());
  });
  after(() => demo.server.close());

  function areqFor(enetId: string, version: MessageVersion = '2.2.0') {
    return demoBrowserAReq(demo, enetId, version);
  }

  for (const version of ['2.2.0', '2.3.1'] as const) {
    test(`forwards an AReq for an enrolled card to the ACS and returns its ARes C (${version})`, async () => {
      const areq = areqFor('demo-taro', version);
      const { status, json } = await postJsonMessage(`${demo.server.url}/demo/ds/areq`, areq);
      assert.equal(status, 200);
      assert.equal(json.messageType, 'ARes', JSON.stringify(json));
      assert.equal(json.transStatus, 'C');
      assert.equal(json.threeDSServerTransID, areq.threeDSServerTransID);
      assert.match(String(json.dsTransID), /^[0-9a-f-]{36}$/);
      assert.equal(json.acsURL, `${demo.server.url}/3ds/challenge`);
      const record = simulatorState(demo.server.server.deps).ds.get(String(areq.threeDSServerTransID));
      assert.ok(record);
      assert.equal(record.dsTransID, json.dsTransID);
      assert.equal(record.areq?.dsURL, `${demo.server.url}/demo/ds/rreq`);
      assert.equal(record.areq?.acctNumber, '411111******1111', 'the DS keeps the PAN masked');
      const ares = record.entries.find((e) => e.label === 'ARes');
      assert.deepEqual(ares?.check, { ok: true }, 'the ACS ARes (and its 2.3.1 headers) check out');
      const stored = await getDb()
        .db.selectFrom('transactions')
        .select(['ds_trans_id', 'rreq_url'])
        .where('acs_trans_id', '=', String(json.acsTransID))
        .executeTakeFirstOrThrow();
      assert.equal(stored.ds_trans_id, json.dsTransID, 'the ACS received the DS-added dsTransID');
    });
  }

  const frictionless: Array<[string, string, string, string]> = [
    ['not enrolled', 'demo-jiro', 'N', '13'],
    ['locked after a lost/stolen report', 'demo-yuki', 'N', '12'],
    ['card closed', 'demo-kenta', 'R', '08'],
  ];
  for (const [name, enetId, transStatus, reason] of frictionless) {
    test(`${name} → ${transStatus}/${reason}`, async () => {
      const { json } = await postJsonMessage(`${demo.server.url}/demo/ds/areq`, areqFor(enetId));
      assert.equal(json.messageType, 'ARes', JSON.stringify(json));
      assert.deepEqual([json.transStatus, json.transStatusReason], [transStatus, reason]);
    });
  }

  test('AReq that is not JSON → Erro 101 from the DS', async () => {
    const { json } = await postJsonMessage(`${demo.server.url}/demo/ds/areq`, '{"messageType":');
    assert.equal(json.messageType, 'Erro');
    assert.equal(json.errorCode, '101');
    assert.equal(json.errorComponent, 'D');
  });

  test('RReq receiver: a valid RReq → RRes 01 with the ids echoed', async () => {
    const rreq: Record<string, unknown> = {
      ...loadFixture('RReq_2.2.0'),
      threeDSServerTransID: randomUUID(),
      acsTransID: randomUUID(),
    };
    const { status, json } = await postJsonMessage(`${demo.server.url}/demo/ds/rreq`, rreq);
    assert.equal(status, 200);
    const expected = {
      messageType: 'RRes',
      messageVersion: '2.2.0',
      threeDSServerTransID: rreq.threeDSServerTransID,
      acsTransID: rreq.acsTransID,
      dsTransID: rreq.dsTransID,
      resultsStatus: '01',
    };
    assert.deepEqual(json, expected);
    const retried = await postJsonMessage(`${demo.server.url}/demo/ds/rreq`, rreq);
    assert.deepEqual(retried.json, expected, 'a delivery retry gets the same RRes');
    const context = { deviceChannel: '02', messageCategory: '01' };
    assert.deepEqual(validateMessage(json, { messageType: 'RRes', messageVersion: '2.2.0', context }), { ok: true });
  });

  test('RReq receiver 2.3.1: X-Request-ID echoed, X-Response-ID = dsTransID', async () => {
    const acsTransID = randomUUID();
    const dsTransID = randomUUID();
    const rreq = {
      messageType: 'RReq',
      messageVersion: '2.3.1',
      messageCategory: '01',
      threeDSServerTransID: randomUUID(),
      acsTransID,
      dsTransID,
      transStatus: 'Y',
      authenticationMethod: ['02'],
      authenticationValue: 'SrwdrUmKrcoRzHGxLImweNkbhM0=',
      eci: '05',
      interactionCounter: '01',
    };
    const res = await postJsonMessage(`${demo.server.url}/demo/ds/rreq`, rreq, { 'X-Request-ID': acsTransID });
    assert.equal(res.json.messageType, 'RRes', JSON.stringify(res.json));
    assert.equal(res.headers.get('x-request-id'), acsTransID);
    assert.equal(res.headers.get('x-response-id'), dsTransID);
  });

  test('RReq receiver: a broken RReq → Erro from the DS naming the problem', async () => {
    const missing: Record<string, unknown> = { ...loadFixture('RReq_2.2.0'), threeDSServerTransID: randomUUID() };
    delete missing.transStatus;
    const { json } = await postJsonMessage(`${demo.server.url}/demo/ds/rreq`, missing);
    assert.equal(json.messageType, 'Erro');
    assert.equal(json.errorCode, '201');
    assert.equal(json.errorDetail, 'transStatus');
    assert.equal(json.errorComponent, 'D');
    assert.equal(json.threeDSServerTransID, missing.threeDSServerTransID);
    const notJson = await postJsonMessage(`${demo.server.url}/demo/ds/rreq`, 'nope');
    assert.equal(notJson.json.errorCode, '101');
  });
});
