import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { validateMessage } from '../../src/protocol/validate.ts';
import type { MessageVersion } from '../../src/protocol/versions.ts';
import { areqBrowser210, loadSamples } from '../protocol/fixtures.ts';
import { ChallengeClient, latestCode } from '../support/challenge-client.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { postAReq } from '../support/messages.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * Issue 14 item 17: the final browser CRes of 2.1.0 and 2.2.0 carries challengeCompletionInd Y (some 3DS
 * Server libraries read it); 2.3.1 keeps the member to the app channel. Each CRes is validated as sent.
 */
forEachDialect('final browser CRes per version', (getDb) => {
  let server: TestServer;
  let ds: DsPeer;
  const clock = new ManualClock(new Date());
  before(async () => {
    ds = await new DsPeer().start();
    server = await startTestServer(getDb(), { clock, env: { DS_RREQ_URL: ds.url } });
  });
  after(async () => {
    await server.close();
    await ds.stop();
  });

  const areq210 = areqBrowser210(loadSamples()).message;

  async function challenged(version: MessageVersion) {
    const holder = await seedCardholder(getDb().db, server.keys);
    await server.server.deps.ranges.load();
    const client = new ChallengeClient(server.url);
    if (version === '2.1.0') {
      const areq = { ...areq210, acctNumber: holder.pan, threeDSServerTransID: randomUUID(), dsTransID: randomUUID() };
      const { json } = await postAReq(server.url, { ...areq, notificationURL: client.notificationURL });
      client.acsTransID = json.acsTransID ?? '';
      client.threeDSServerTransID = String(areq.threeDSServerTransID);
      assert.equal(json.transStatus, 'C');
    } else {
      assert.equal((await client.areq(holder.pan, version)).transStatus, 'C');
    }
    assert.equal((await client.creq('05', version)).status, 200);
    return { holder, client };
  }

  function checked(cres: Record<string, string> | undefined, version: MessageVersion) {
    assert.ok(cres);
    assert.deepEqual(
      validateMessage(cres, { messageType: 'CRes', messageVersion: version, context: { deviceChannel: '02' } }),
      { ok: true },
    );
    return cres;
  }

  for (const version of ['2.1.0', '2.2.0', '2.3.1'] as const) {
    const expected = version === '2.3.1' ? undefined : 'Y';
    test(`${version}: challengeCompletionInd ${expected ?? 'absent'} in the final CRes, Y and N alike`, async () => {
      const ok = await challenged(version);
      await ok.client.submit(ok.holder.enetId, await latestCode(getDb().db, server.keys, ok.client.acsTransID));
      const y = checked(ok.client.finalCRes(), version);
      assert.deepEqual([y.transStatus, y.challengeCompletionInd], ['Y', expected]);
      const cancelled = await challenged(version);
      await cancelled.client.cancel();
      const n = checked(cancelled.client.finalCRes(), version);
      assert.deepEqual([n.transStatus, n.challengeCompletionInd], ['N', expected]);
      await ds.waitFor(cancelled.client.acsTransID);
    });
  }
});
