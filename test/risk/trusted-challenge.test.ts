import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { TRUSTED_NAME_CONTEXT } from '../../src/infra/crypto/seal-contexts.ts';
import { validateMessage } from '../../src/protocol/validate.ts';
import { areqBrowser210, loadSamples } from '../protocol/fixtures.ts';
import { ChallengeClient, latestCode } from '../support/challenge-client.ts';
import { forEachDialect } from '../support/databases.ts';
import { type SeededCardholder, seedCardholder } from '../support/fixtures.ts';
import { postAReq } from '../support/messages.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { activateDemoRiskPolicy, rbaTermsInForce } from './support.ts';

/** How the 3DS Requestor offers trust listing in each version (docs/protocol.md "Trusted merchants"). */
const OFFER_220 = { whiteListStatus: 'N', whiteListStatusSource: '01' };
const OFFER_231 = { trustListStatus: 'N', trustListStatusSource: '01' };
const BOX = 'name="trustMerchant"';

forEachDialect('trusted merchants in the browser challenge', (getDb) => {
  let server: TestServer;
  let ds: DsPeer;
  before(async () => {
    ds = await new DsPeer().start();
    server = await startTestServer(getDb(), { env: { DS_RREQ_URL: ds.url } });
  });
  after(async () => {
    await server.close();
    await ds.stop();
  });

  async function challenged(
    version: '2.2.0' | '2.3.1',
    overrides: Record<string, unknown>,
    holder?: SeededCardholder,
  ): Promise<{ holder: SeededCardholder; client: ChallengeClient }> {
    const h = holder ?? (await seedCardholder(getDb().db, server.keys));
    await server.server.deps.ranges.load();
    const client = new ChallengeClient(server.url);
    assert.equal((await client.areq(h.pan, version, overrides)).transStatus, 'C');
    assert.equal((await client.creq('05', version)).status, 200);
    return { holder: h, client };
  }

  async function submit(client: ChallengeClient, holder: SeededCardholder, tick: boolean, code?: string) {
    const otp = code ?? (await latestCode(getDb().db, server.keys, client.acsTransID));
    const fields: Record<string, string> = { token: client.token, enetId: holder.enetId, otp, action: 'submit' };
    if (tick) fields.trustMerchant = '1';
    return client.post(fields);
  }

  const trustedOf = (enetId: string) =>
    getDb().db.selectFrom('trusted_merchants').selectAll().where('enet_id', '=', enetId).execute();

  function assertValidRReq(body: Record<string, string>, version: '2.1.0' | '2.2.0' | '2.3.1') {
    assert.deepEqual(
      validateMessage(body, { messageType: 'RReq', messageVersion: version, context: { deviceChannel: '02' } }),
      { ok: true },
    );
  }

  for (const [version, offer, status, source] of [
    ['2.2.0', OFFER_220, 'whiteListStatus', 'whiteListStatusSource'],
    ['2.3.1', OFFER_231, 'trustListStatus', 'trustListStatusSource'],
  ] as const) {
    test(`${version}: offered with ${status} N / 01; ticked and authenticated → listed, RReq ${status} Y / 03`, async () => {
      const { holder, client } = await challenged(version, offer);
      assert.ok(client.html.includes(BOX), 'the box is shown');
      assert.ok(client.html.includes('このお店を信頼できるお店に登録する'));
      assert.ok(!/name="trustMerchant"[^>]*checked/.test(client.html), 'unticked by default');
      await submit(client, holder, true);
      assert.equal(client.finalCRes()?.transStatus, 'Y');

      const rreq = await ds.waitFor(client.acsTransID);
      assert.equal(rreq.body[status], 'Y');
      assert.equal(rreq.body[source], '03');
      assertValidRReq(rreq.body, version);

      const txn = await getDb()
        .db.selectFrom('transactions')
        .select(['risk_merchant_mac', 'merchant_name'])
        .where('acs_trans_id', '=', client.acsTransID)
        .executeTakeFirstOrThrow();
      const rows = await trustedOf(holder.enetId);
      assert.equal(rows.length, 1);
      const row = rows[0]!;
      assert.equal(row.merchant_mac, txn.risk_merchant_mac, 'the MAC the risk facts compute');
      assert.equal(row.added_from, 'challenge');
      assert.equal(row.acs_trans_id, client.acsTransID);
      assert.match(row.id, /^tmer_/);
      assert.ok(!row.merchant_name_enc.includes(txn.merchant_name ?? '?'), 'the name is sealed');
      assert.equal(server.keys.decrypt(row.merchant_name_enc, TRUSTED_NAME_CONTEXT), txn.merchant_name);
    });
  }

  test('2.3.1: threeDSRequestorChallengeInd 09 also offers the box', async () => {
    const { client } = await challenged('2.3.1', { threeDSRequestorChallengeInd: ['09'] });
    assert.ok(client.html.includes(BOX));
  });

  test('offered but not ticked → nothing stored, no trust field in the RReq', async () => {
    const { holder, client } = await challenged('2.3.1', OFFER_231);
    await submit(client, holder, false);
    assert.equal(client.finalCRes()?.transStatus, 'Y');
    const rreq = await ds.waitFor(client.acsTransID);
    assert.equal(rreq.body.trustListStatus, undefined);
    assert.equal(rreq.body.trustListStatusSource, undefined);
    assert.deepEqual(await trustedOf(holder.enetId), []);
  });

  test('ticked with a wrong code, then cancelled → nothing stored', async () => {
    const { holder, client } = await challenged('2.2.0', OFFER_220);
    const code = await latestCode(getDb().db, server.keys, client.acsTransID);
    await submit(client, holder, true, String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
    assert.ok(client.html.includes(BOX), 'the page again, with the box');
    await client.cancel();
    const rreq = await ds.waitFor(client.acsTransID);
    assert.equal(rreq.body.transStatus, 'N');
    assert.equal(rreq.body.whiteListStatus, undefined);
    assert.deepEqual(await trustedOf(holder.enetId), []);
  });

  test('not offered (no status, or Y already) → no box, and a forged tick is ignored', async () => {
    for (const overrides of [{}, { whiteListStatus: 'Y', whiteListStatusSource: '01' }]) {
      const { holder, client } = await challenged('2.2.0', overrides);
      assert.ok(!client.html.includes(BOX));
      await submit(client, holder, true);
      assert.equal(client.finalCRes()?.transStatus, 'Y');
      const rreq = await ds.waitFor(client.acsTransID);
      assert.equal(rreq.body.whiteListStatus, undefined);
      assert.deepEqual(await trustedOf(holder.enetId), []);
    }
  });

  test('2.1.0: never offered (the version has no trust list fields), a forged tick is ignored', async () => {
    const holder = await seedCardholder(getDb().db, server.keys);
    await server.server.deps.ranges.load();
    const client = new ChallengeClient(server.url);
    const areq = {
      ...areqBrowser210(loadSamples()).message,
      acctNumber: holder.pan,
      threeDSServerTransID: randomUUID(),
      dsTransID: randomUUID(),
      notificationURL: client.notificationURL,
    };
    const { json } = await postAReq(server.url, areq);
    assert.equal(json.transStatus, 'C');
    client.acsTransID = json.acsTransID ?? '';
    client.threeDSServerTransID = areq.threeDSServerTransID;
    assert.equal((await client.creq('05', '2.1.0')).status, 200);
    assert.ok(!client.html.includes(BOX));
    await submit(client, holder, true);
    assert.equal(client.finalCRes()?.transStatus, 'Y');
    const rreq = await ds.waitFor(client.acsTransID);
    assertValidRReq(rreq.body, '2.1.0');
    assert.equal(rreq.body.whiteListStatus, undefined);
    assert.deepEqual(await trustedOf(holder.enetId), []);
  });

  test('the next AReq at the listed merchant carries the trusted signal (−10) under a risk policy', async () => {
    const db = getDb().db;
    const { holder, client } = await challenged('2.2.0', OFFER_220);
    await submit(client, holder, true);
    assert.equal(client.finalCRes()?.transStatus, 'Y');
    await ds.waitFor(client.acsTransID);

    const now = new Date();
    await activateDemoRiskPolicy(db, await rbaTermsInForce(db, now), now);
    await server.server.deps.riskPolicy.reload();
    const next = new ChallengeClient(server.url);
    // Whatever the answer (this suite's many cards share one test browser: the card-testing rule may refuse),
    // the assessment lists the member's own trusted merchant.
    await next.areq(holder.pan, '2.2.0', { purchaseAmount: '4800', mcc: '5411' });
    const row = await db
      .selectFrom('transactions')
      .select(['risk_reasons', 'risk_merchant_mac'])
      .where('acs_trans_id', '=', next.acsTransID)
      .executeTakeFirstOrThrow();
    const reasons = row.risk_reasons as { signal: string; points: number }[];
    assert.deepEqual(
      reasons.filter((r) => r.signal === 'trusted_merchant'),
      [{ signal: 'trusted_merchant', points: -10 }],
      JSON.stringify(reasons),
    );
  });
});
