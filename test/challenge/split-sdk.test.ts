import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { validateMessage } from '../../src/protocol/validate.ts';
import { type AppEncryption, AppSdkSimulator } from '../support/app-sdk-simulator.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

// EMV 3DS 2.3.1 split-SDK rules (docs/protocol.md "Split SDK"): §6.2.4.1 and §5.9.5 (A128GCM only, else
// Erro 310), and no static passcode (01) or KBA (06) for a limited split SDK.

const SIGNED = 'eyJhbGciOiJFUzI1NiJ9.eyJzZGsiOiJzcGxpdCJ9.c2lnbmF0dXJl';

function splitAReq(limited: boolean): Record<string, unknown> {
  return {
    sdkType: '02',
    defaultSdkType: undefined,
    splitSdkType: { sdkVariant: '01', ...(limited && { limitedInd: 'Y' }) },
    sdkServerSignedContent: SIGNED,
  };
}

forEachDialect('split SDK (sdkType 02, 2.3.1)', (getDb) => {
  let server: TestServer;
  let ds: DsPeer;
  before(async () => {
    ds = await new DsPeer().start();
    server = await startTestServer(getDb(), { clock: new ManualClock(new Date()), env: { DS_RREQ_URL: ds.url } });
  });
  after(async () => {
    await server.close();
    await ds.stop();
  });

  async function challenged(enc: AppEncryption, limited = false) {
    const holder = await seedCardholder(getDb().db, server.keys);
    await server.server.deps.ranges.load();
    const sdk = new AppSdkSimulator(server.url, { version: '2.3.1', enc });
    const { json: ares } = await sdk.areq(holder.pan, splitAReq(limited));
    assert.equal(ares.transStatus, 'C', JSON.stringify(ares));
    return sdk;
  }

  test('a CReq from a split SDK in A128CBC-HS256 → Erro 310 enc, plain JSON, the challenge stays open', async () => {
    const sdk = await challenged('A128CBC-HS256');
    const answer = await sdk.creq();
    assert.equal(answer.encrypted, false);
    assert.equal(answer.message.messageType, 'Erro');
    assert.equal(answer.message.errorCode, '310');
    assert.equal(answer.message.errorDetail, 'enc');
    const row = await getDb()
      .db.selectFrom('transactions')
      .select(['state', 'app_sdk_counter'])
      .where('acs_trans_id', '=', sdk.acsTransID)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { state: 'challenge_issued', app_sdk_counter: 0 }, 'nothing changed');
  });

  test('a CReq from a split SDK in A128GCM opens the challenge', async () => {
    const sdk = await challenged('A128GCM');
    const first = await sdk.creq();
    assert.equal(first.encrypted, true);
    assert.equal(first.message.challengeCompletionInd, 'N');
  });

  test('a default SDK (sdkType 01) may still use A128CBC-HS256 in 2.3.1', async () => {
    const holder = await seedCardholder(getDb().db, server.keys);
    await server.server.deps.ranges.load();
    const sdk = new AppSdkSimulator(server.url, { version: '2.3.1', enc: 'A128CBC-HS256' });
    await sdk.areq(holder.pan);
    assert.equal((await sdk.creq()).encrypted, true);
  });

  test('limited split SDK: our ARes names SMS OTP (02); 01 or 06 would be refused by validation', async () => {
    const sdk = await challenged('A128GCM', true);
    assert.deepEqual(sdk.ares.authenticationMethod, ['02']);
    const context = { ...sdk.areqMessage, deviceChannel: '01', messageCategory: '01' };
    const validate = (authenticationMethod: string[]) => {
      const result = validateMessage(
        { ...sdk.ares, authenticationMethod },
        { messageType: 'ARes', messageVersion: '2.3.1', context },
      );
      return result.ok ? 'ok' : `${result.errorCode} ${result.errorDetail}`;
    };
    assert.equal(validate(['02']), 'ok');
    assert.equal(validate(['01']), '203 authenticationMethod');
    assert.equal(validate(['02', '06']), '203 authenticationMethod');
    const notLimited = { ...context, splitSdkType: { sdkVariant: '01' } };
    const result = validateMessage(
      { ...sdk.ares, authenticationMethod: ['01'] },
      { messageType: 'ARes', messageVersion: '2.3.1', context: notLimited },
    );
    assert.deepEqual(result, { ok: true });
  });
});
