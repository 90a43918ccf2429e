import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { demoMerchant } from '../../demo/shop/catalogue.ts';
import { simulatorState } from '../../demo/simulator/state.ts';
import { browserInfoFrom } from '../../demo/simulator/three-ds-server/browser-info.ts';
import { buildBrowserAReq } from '../../demo/simulator/three-ds-server/messages.ts';
import { trustListOffer } from '../../src/features/risk/trusted-listing.ts';
import type { MessageVersion } from '../../src/protocol/versions.ts';
import { forEachDialect } from '../support/databases.ts';
import { cardOf, type DemoServer, postJsonMessage, startDemoServer } from './harness.ts';

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
      const areq = buildBrowserAReq({
        version: version as MessageVersion,
        threeDSServerTransID: randomUUID(),
        card: cardOf(demo.seed, 'demo-taro'),
        amountYen: 3980,
        purchaseDate: new Date(),
        merchant: demoMerchant(url),
        threeDSServerURL: 'https://3dss.example.net/rreq',
        notificationURL: `${url}/demo/3ds-server/notify`,
        threeDSCompInd: 'U',
        browser: browserInfoFrom({ js: '0' }, { userAgent: 'node-test' }, '127.0.0.1'),
        offerTrustList: true,
      });
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
