import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { systemClock } from '../../src/app/runtime.ts';
import { DEMO_RISK_POLICY } from '../../src/core/risk/policies.ts';
import { createRiskPolicyDraft } from '../../src/features/risk/policy-admin.ts';
import { shadowComparison, startShadow, stopShadow } from '../../src/features/risk/shadow.ts';
import { statementsSent } from '../../src/storage/database.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { activateDemoRiskPolicy, markAuthenticated, rbaTermsInForce } from './support.ts';

const usual = { purchaseAmount: '4800', mcc: '5411' };

forEachDialect('risk shadow mode on POST /3ds/areq', (getDb) => {
  let server: TestServer;
  before(async () => {
    // No background work: the statements counted are the AReq's own.
    server = await startTestServer(getDb(), { background: false });
  });
  after(() => server.close());

  const shadowDeps = () => ({
    db: getDb().db,
    clock: systemClock,
    shadowChanged: () => server.server.deps.riskPolicy.reload(),
  });

  /** One AReq and the statements it sent, both policies reread just before so no reload falls inside. */
  async function measuredAReq(pan: string) {
    const deps = server.server.deps;
    await deps.riskPolicy.reload();
    const start = statementsSent(getDb().db).total;
    const { json } = await postAReq(server.url, browserAReq(pan, usual));
    const statements = statementsSent(getDb().db).total - start;
    const row = await getDb()
      .db.selectFrom('transactions')
      .select(['risk_decision', 'risk_policy_version', 'risk_shadow_decision', 'risk_shadow_policy_version'])
      .where('acs_trans_id', '=', json.acsTransID!)
      .executeTakeFirstOrThrow();
    return { json, statements, row };
  }

  test('a policy in shadow is scored without deciding, on the history read the AReq already makes', async () => {
    const db = getDb().db;
    const now = new Date();
    const terms = await rbaTermsInForce(db, now);
    // The shadow: the demo policy that never answers without a challenge below score 0 (so it disagrees).
    const strict = await createRiskPolicyDraft({ db, clock: systemClock }, 'operator:admin-a', {
      name: '厳しめの案',
      nameEn: 'Strict draft',
      body: { ...DEMO_RISK_POLICY, frictionlessBelow: 0, exemptions: { ...DEMO_RISK_POLICY.exemptions, maxScore: 0 } },
      termsVersionId: terms,
    });
    const holder = await seedCardholder(db, server.keys);
    await server.server.deps.ranges.load();
    const warm = await measuredAReq(holder.pan);
    await markAuthenticated(db, warm.json.acsTransID!);

    // challenge-everything without a shadow: card lookup and insert, no history read
    const plain = await measuredAReq(holder.pan);
    assert.equal(plain.json.transStatus, 'C');
    assert.equal(plain.row.risk_shadow_decision, null);
    await markAuthenticated(db, plain.json.acsTransID!);

    // challenge-everything with a shadow: the history is read for it by the card lookup's own statement (no
    // statement more), the answer unchanged
    await startShadow(shadowDeps(), 'operator:admin-a', strict);
    const shadowed = await measuredAReq(holder.pan);
    assert.equal(shadowed.json.transStatus, 'C');
    assert.equal(shadowed.statements, plain.statements, `${shadowed.statements} vs ${plain.statements}`);
    assert.deepEqual(shadowed.row, {
      risk_decision: 'challenge',
      risk_policy_version: 1,
      risk_shadow_decision: 'challenge',
      risk_shadow_policy_version: 2,
    });
    await markAuthenticated(db, shadowed.json.acsTransID!);

    // a risk policy in force: with or without the shadow, the same statements (the card lookup with its history,
    // the group commit: as many as under challenge-everything) and the same answer
    await activateDemoRiskPolicy(db, terms, now);
    await stopShadow(shadowDeps(), 'operator:admin-a');
    const active = await measuredAReq(holder.pan);
    assert.equal(active.json.transStatus, 'Y');
    assert.equal(active.statements, plain.statements, `${active.statements} vs ${plain.statements}`);
    await startShadow(shadowDeps(), 'operator:admin-b', strict);
    const both = await measuredAReq(holder.pan);
    assert.equal(both.json.transStatus, 'Y', 'the shadow never decides');
    assert.equal(both.statements, active.statements, `${both.statements} vs ${active.statements}`);
    assert.deepEqual(both.row, {
      risk_decision: 'frictionless',
      risk_policy_version: 3,
      risk_shadow_decision: 'challenge',
      risk_shadow_policy_version: 2,
    });

    const { shadow, days } = await shadowComparison({ db, clock: systemClock });
    assert.equal(shadow?.id, strict);
    // and in /metrics, the shadow's decisions beside the live ones
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, /^ninsho_risk_shadow_decisions_total\{decision="challenge",live="challenge"\} 1$/m);
    assert.match(metrics, /^ninsho_risk_shadow_decisions_total\{decision="challenge",live="frictionless"\} 1$/m);
    const total = days.reduce((n, d) => n + d.total, 0);
    const challenged = days.reduce((n, d) => n + d.would_be_challenged, 0);
    assert.deepEqual([total, challenged], [2, 1]);
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('action', 'like', 'risk.shadow_%')
      .orderBy('at')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['risk.shadow_started', 'risk.shadow_stopped', 'risk.shadow_started'],
    );
  });

  test('only a policy not in force can be put in shadow; one shadow at a time', async () => {
    const db = getDb().db;
    await assert.rejects(startShadow(shadowDeps(), 'operator:admin-a', 'rpol_challenge_all'), /not in force/);
    await assert.rejects(startShadow(shadowDeps(), 'operator:admin-a', 'nope'), /choose a policy/);
    const second = await createRiskPolicyDraft({ db, clock: systemClock }, 'operator:admin-a', {
      name: '別の案',
      nameEn: 'Another draft',
      body: DEMO_RISK_POLICY,
      termsVersionId: null,
    });
    await startShadow(shadowDeps(), 'operator:admin-a', second);
    const rows = await db.selectFrom('risk_shadow').select('policy_id').execute();
    assert.deepEqual(rows, [{ policy_id: second }]);
    assert.equal(server.server.deps.riskPolicy.shadow()?.version, 4);
    // a shadowed policy that leaves the drafts (activated, or retired) no longer shadows
    await db.updateTable('risk_policies').set({ status: 'retired' }).where('id', '=', second).execute();
    await server.server.deps.riskPolicy.reload();
    assert.equal(server.server.deps.riskPolicy.shadow(), undefined);
  });
});
