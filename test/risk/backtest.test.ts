import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { systemClock } from '../../src/app/runtime.ts';
import { DEMO_RISK_POLICY } from '../../src/core/risk/policies.ts';
import { type BacktestFigures, runBacktest } from '../../src/features/risk/backtest.ts';
import { createRiskPolicyDraft } from '../../src/features/risk/policy-admin.ts';
import { backtestRun } from '../../src/storage/repositories/risk-backtests.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { purchase, rbaTermsInForce, reportFraud, USUAL_PURCHASE as usual } from './support.ts';

forEachDialect('risk backtest: recorded AReqs replayed under a draft policy', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb(), { background: false });
  });
  after(() => server.close());

  test('counts per decision against what was answered, and the fraud-reported purchase it would let through', async () => {
    const db = getDb().db;
    const holder = await seedCardholder(db, server.keys);
    await server.server.deps.ranges.load();
    // Under challenge-everything: a first purchase (authenticated), a second from the same browser (authenticated,
    // later reported as fraud), and a burst of card testing on another card.
    await purchase(server.url, db, holder.pan);
    const second = await purchase(server.url, db, holder.pan);
    const tester = await seedCardholder(db, server.keys);
    await server.server.deps.ranges.load();
    for (let i = 0; i < 7; i++) {
      const { json } = await postAReq(
        server.url,
        browserAReq(tester.pan, { ...usual, purchaseAmount: String(100 + i) }),
      );
      assert.equal(json.transStatus, 'C');
    }
    const now = new Date();
    await reportFraud(db, holder.enetId, second.acsTransID!, 'FR-BT-0001');

    const draft = await createRiskPolicyDraft({ db, clock: systemClock }, 'operator:admin-a', {
      name: 'リスクベース認証（案）',
      nameEn: 'Risk-based (draft)',
      body: DEMO_RISK_POLICY,
      termsVersionId: await rbaTermsInForce(db, now),
    });
    const id = await runBacktest({ db, clock: systemClock, keys: server.keys }, 'operator:admin-a', {
      policyId: draft,
      days: 1,
    });
    const run = await backtestRun(db, id);
    assert.ok(run);
    assert.equal(run.replayed, 9);
    assert.equal(run.capped, false);
    assert.equal(run.run_by, 'operator:admin-a');
    const f = run.figures as BacktestFigures;
    assert.deepEqual(f.actual, { frictionless: 0, challenge: 9, refuse: 0 });
    // the first purchase is on a new device, the second is the member's usual one; the tester's cards: the first
    // on a new device, then refused from the fifth AReq within the hour (card testing)
    assert.deepEqual(f.draft, { frictionless: 1, challenge: 6, refuse: 2 });
    assert.deepEqual(f.moves.challenge, f.draft);
    assert.deepEqual(f.fraudReported, { frictionless: 1, challenge: 0, refuse: 0 });
    assert.equal(f.fraudLetThrough.length, 1);
    assert.equal(f.fraudLetThrough[0]?.acsTransID, second.acsTransID);
    assert.deepEqual(
      f.fraudLetThrough[0]?.reports.map((r) => [r.source, r.reference]),
      [['report', 'FR-BT-0001']],
    );
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor', 'subject_id'])
      .where('action', '=', 'risk.backtest_run')
      .execute();
    assert.deepEqual(audit, [{ actor: 'operator:admin-a', subject_id: id }]);
  });

  test('the period and the policy are checked, and a refused run stores nothing', async () => {
    const db = getDb().db;
    const deps = { db, clock: systemClock, keys: server.keys };
    for (const [request, field] of [
      [{ policyId: 'rpol_challenge_all', days: 0 }, 'days'],
      [{ policyId: 'rpol_challenge_all', days: 91 }, 'days'],
      [{ policyId: 'rpol_challenge_all', days: 1.5 }, 'days'],
      [{ policyId: 'no-such-policy', days: 7 }, 'policyId'],
    ] as const) {
      await assert.rejects(runBacktest(deps, 'operator:admin-a', request), (err: { field?: string }) => {
        assert.equal(err.field, field);
        return true;
      });
    }
    const runs = await db.selectFrom('risk_backtests').select('id').execute();
    assert.equal(runs.length, 1);
  });
});
