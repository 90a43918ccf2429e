import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { simulatorState } from '../../demo/simulator/state.ts';
import { trustListOffer } from '../../src/features/risk/trusted-listing.ts';
import { forEachDialect } from '../support/databases.ts';
import { type DemoServer, demoBrowserAReq, postJsonMessage, startDemoServer } from './harness.ts';

forEachDialect('the demo shop can offer the trusted-merchant box (issue #20 item 5)', (getDb) => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer(getDb());
  });
  after(() => demo.server.close());

  test('/demo/shop?trust=1 carries the offer into the order; /demo/shop does not', async () => {
    const plain = await (await fetch(`${demo.server.url}/demo/shop`)).text();
    assert.doesNotMatch(plain, /name="trustList"/);
    const offered = await (await fetch(`${demo.server.url}/demo/shop?trust=1`)).text();
    assert.match(offered, /<input type="hidden" name="trustList" value="1"\/?>/);
  });

  for (const [version, status, source] of [
    ['2.2.0', 'whiteListStatus', 'whiteListStatusSource'],
    ['2.3.1', 'trustListStatus', 'trustListStatusSource'],
  ] as const) {
    test(`${version}: the AReq says N from source 01, the ARes checks out and the challenge offers the box`, async () => {
      const url = demo.server.url;
      const areq = demoBrowserAReq(demo, 'demo-taro', version, { offerTrustList: true });
      assert.equal(areq[status], 'N');
      assert.equal(areq[source], '01');
      const { json } = await postJsonMessage(`${url}/demo/ds/areq`, areq);
      assert.equal(json.transStatus, 'C', JSON.stringify(json));
      const record = simulatorState(demo.server.server.deps).ds.get(String(areq.threeDSServerTransID));
      const ares = record?.entries.find((e) => e.label === 'ARes');
      assert.deepEqual(ares?.check, { ok: true });
      const txn = await getDb()
        .db.selectFrom('transactions')
        .selectAll()
        .where('acs_trans_id', '=', String(json.acsTransID))
        .executeTakeFirstOrThrow();
      assert.equal(trustListOffer(txn)?.status, status);
    });
  }
});
