import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { verifyCavv } from '../../src/infra/crypto/cavv.ts';
import { cvkFor } from '../../src/infra/crypto/cavv-keys.ts';
import { areqBrowser210, loadSamples } from '../protocol/fixtures.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { activateDemoRiskPolicy, markAuthenticated, rbaTermsInForce } from './support.ts';

/** A usual purchase: a supermarket, ¥4,800 (the sample's ¥129,800 at an electronics shop is not one). */
const usual = { purchaseAmount: '4800', mcc: '5411' };

forEachDialect('risk-based authentication on POST /3ds/areq', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb());
  });
  after(() => server.close());

  test('under the default policy every purchase is challenged, and the risk facts are stored', async () => {
    const holder = await seedCardholder(getDb().db, server.keys);
    await server.server.deps.ranges.load();
    const { json } = await postAReq(server.url, browserAReq(holder.pan, usual));
    assert.equal(json.transStatus, 'C');
    const row = await getDb()
      .db.selectFrom('transactions')
      .selectAll()
      .where('acs_trans_id', '=', json.acsTransID!)
      .executeTakeFirstOrThrow();
    assert.deepEqual([row.risk_decision, row.risk_rule, row.risk_policy_version], ['challenge', 'challenge_all', 1]);
    assert.ok(row.risk_device_mac && row.risk_ip_range_mac && row.risk_merchant_mac);
    const riskColumns = Object.entries(row).filter(([k]) => k.startsWith('risk_'));
    assert.ok(!JSON.stringify(riskColumns).includes('203.0.113'), 'no browser IP range in clear in the risk columns');
  });

  test('risk policy: a new device is challenged; the same browser next time is frictionless (Y, ECI 05, CAVV)', async () => {
    const db = getDb().db;
    const now = new Date();
    await activateDemoRiskPolicy(db, await rbaTermsInForce(db, now), now);
    await server.server.deps.riskPolicy.reload();
    const holder = await seedCardholder(db, server.keys);
    await server.server.deps.ranges.load();

    const first = await postAReq(server.url, browserAReq(holder.pan, usual));
    assert.equal(first.json.transStatus, 'C');
    const firstRow = await db
      .selectFrom('transactions')
      .select(['risk_rule', 'risk_decision'])
      .where('acs_trans_id', '=', first.json.acsTransID!)
      .executeTakeFirstOrThrow();
    assert.deepEqual(firstRow, { risk_rule: 'new_device', risk_decision: 'challenge' });
    await markAuthenticated(db, first.json.acsTransID!);

    const v210 = areqBrowser210(loadSamples()).message;
    const requests = [
      () => ({
        ...v210,
        acctNumber: holder.pan,
        ...usual,
        threeDSServerTransID: randomUUID(),
        dsTransID: randomUUID(),
      }),
      () => browserAReq(holder.pan, usual, '2.2.0'),
      () => browserAReq(holder.pan, usual, '2.3.1'), // the sample's browser is an iPhone: a second device
    ];
    const secondDevice = await postAReq(server.url, requests[2]!());
    assert.equal(secondDevice.json.transStatus, 'C');
    await markAuthenticated(db, secondDevice.json.acsTransID!);
    for (const build of requests) {
      const areq: Record<string, unknown> = build();
      // postAReq validates every ARes against the field tables of its version (test/support/messages.ts).
      const { json } = await postAReq(server.url, areq);
      assert.equal(json.transStatus, 'Y', `${String(areq.messageVersion)}: ${JSON.stringify(json)}`);
      assert.equal(json.eci, '05');
      assert.equal(json.acsURL, undefined);
      assert.equal(json.authenticationType, undefined);
      const check = verifyCavv({
        pan: holder.pan,
        cavv: json.authenticationValue!,
        eci: '05',
        cvk: (ki) => cvkFor(server.keys, ki),
      });
      assert.equal(check.valid, true);
      assert.ok(check.valid && check.kind === 'authenticated' && check.method === 'frictionless');
      const row = await db
        .selectFrom('transactions')
        .selectAll()
        .where('acs_trans_id', '=', json.acsTransID!)
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [row.trans_status, row.eci, row.cavv, row.state],
        ['Y', '05', json.authenticationValue, 'decided'],
      );
      assert.equal(row.risk_decision, 'frictionless');
      const reasons = row.risk_reasons as Array<{ signal: string; points: number }>;
      assert.ok(
        reasons.some((r) => r.signal === 'known_device' && r.points < 0),
        JSON.stringify(reasons),
      );
    }
    // metrics per decision and reason (issue #20, item 6), counted as the answers were given
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const count = (pattern: RegExp) => Number(metrics.match(pattern)?.[1] ?? 0);
    assert.ok(count(/^ninsho_risk_decisions_total\{decision="frictionless",rule="score"\} (\d+)$/m) >= 3, metrics);
    assert.ok(count(/^ninsho_risk_decisions_total\{decision="challenge",rule="new_device"\} (\d+)$/m) >= 1);
    assert.ok(count(/^ninsho_risk_reasons_total\{decision="frictionless",signal="known_device"\} (\d+)$/m) >= 3);
  });

  test('risk policy: a card-testing burst is refused N / 11', async () => {
    const db = getDb().db;
    const holder = await seedCardholder(db, server.keys);
    await server.server.deps.ranges.load();
    const answers: string[] = [];
    for (let i = 0; i < 7; i++) {
      const { json } = await postAReq(
        server.url,
        browserAReq(holder.pan, { ...usual, purchaseAmount: String(100 + i) }),
      );
      answers.push(`${json.transStatus}${json.transStatusReason ? `/${json.transStatusReason}` : ''}`);
    }
    assert.deepEqual(answers, ['C', 'C', 'C', 'C', 'C', 'N/11', 'N/11']);
  });
});
