import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { latestEvidence, storeEvidence } from '../../src/features/investigations/service/evidence.ts';
import { withTransaction } from '../../src/storage/database.ts';
import { ConsoleClient, makeOperator } from '../console/support.ts';
import { type CaseWorld, caseWorld, reportedCase } from '../investigations/support.ts';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { activateDemoRiskPolicy, rbaTermsInForce } from './support.ts';

/** Issue #20 item 6: the art. 5-3 evidence of a disputed purchase says why it was frictionless, in words. */
forEachDialect('investigation evidence explains the risk decision', (getDb) => {
  let server: TestServer;
  let w: CaseWorld;
  let client: ConsoleClient;
  before(async () => {
    server = await startTestServer(getDb());
    w = await caseWorld(getDb(), new Date().toISOString());
    const op = await makeOperator(getDb().db, server.keys, 'investigator');
    client = new ConsoleClient(server.url);
    await client.signIn(op.principal.username, op.password, op.secret);
  });
  after(() => server.close());

  test('a frictionless purchase: decision, score, policy name and version, each reason with its points', async () => {
    const db = getDb().db;
    const now = w.clock.now();
    const policyId = await activateDemoRiskPolicy(db, await rbaTermsInForce(db, now), now);
    const policy = await db
      .selectFrom('risk_policies')
      .select('version')
      .where('id', '=', policyId)
      .executeTakeFirstOrThrow();
    const { holder, caseId, acsTransIds } = await reportedCase(w, db, [
      { merchant: 'リスク書店', amount: '4800' },
      { merchant: 'Night Games', amount: '9800' },
    ]);
    const [frictionless, refused] = acsTransIds as [string, string];
    const reasons = [
      { signal: 'base', points: 30 },
      { signal: 'known_device', points: -20 },
      { signal: 'known_merchant', points: -5 },
    ];
    await db
      .updateTable('transactions')
      .set({
        authentication_type: null,
        risk_score: 5,
        risk_decision: 'frictionless',
        risk_reasons: JSON.stringify(reasons),
        risk_policy_version: policy.version,
      })
      .where('acs_trans_id', '=', frictionless)
      .execute();
    await db
      .updateTable('transactions')
      .set({ risk_decision: 'challenge', risk_rule: 'challenge_all', risk_policy_version: 1 })
      .where('acs_trans_id', '=', refused)
      .execute();
    w.clock.advance(60_000); // an investigator gathers the evidence again once the risk columns are set
    await withTransaction(db, (trx) => storeEvidence(trx, holder.enetId, caseId, 'system', w.clock.now()));

    const snapshot = await latestEvidence(db, caseId);
    const risk = snapshot?.transactions.find((t) => t.acsTransId === frictionless)?.risk;
    assert.deepEqual(risk, {
      decision: 'frictionless',
      score: 5,
      rule: null,
      reasons,
      policy: {
        version: policy.version,
        name: 'リスクベース認証（デモ）',
        nameEn: 'Risk-based (demo)',
        frictionlessBelow: 40,
        refuseAtOrAbove: 85,
      },
    });
    const all = snapshot?.transactions.find((t) => t.acsTransId === refused)?.risk;
    assert.equal(all?.rule, 'challenge_all');
    assert.equal(all?.policy.frictionlessBelow, null, 'challenge-everything has no thresholds');

    const ja = (await client.request(`/console/cases/${caseId}`)).text;
    const section = (html: string, id: string) => html.slice(html.indexOf(`id="risk-${id}"`));
    assert.match(
      section(ja, frictionless),
      /スコア 5 がポリシーの基準（40 未満はチャレンジなし）を下回ったため、チャレンジなしで認証しました。/,
    );
    assert.match(section(ja, frictionless), /チャレンジなしで認証（Y）/);
    assert.match(section(ja, frictionless), new RegExp(`v${policy.version} リスクベース認証（デモ）`));
    assert.match(section(ja, frictionless), /認証済みの端末<\/td><td class="num">-20</);
    assert.match(section(ja, refused), /チャレンジしました: すべての取引で認証（規約第4条）。/);

    const en = (await client.request(`/console/cases/${caseId}?lang=en`)).text;
    assert.match(
      section(en, frictionless),
      /Frictionless: the score 5 is below the policy&#39;s frictionless threshold \(40\)\./,
    );
    assert.match(section(en, frictionless), new RegExp(`v${policy.version} Risk-based \\(demo\\)`));
    assert.match(section(en, frictionless), /A merchant used before<\/td><td class="num">-5</);
    assert.match(section(en, refused), /Challenged: Challenge every purchase \(terms art\. 4\)\./);
  });

  test('snapshots taken before risk-based authentication, or of purchases never assessed, show no section', async () => {
    const db = getDb().db;
    const { caseId } = await reportedCase(w, db, [{ merchant: 'Plain Shop', amount: '1200' }]);
    const snapshot = await latestEvidence(db, caseId);
    assert.equal(snapshot?.transactions[0]?.risk, null);
    const page = (await client.request(`/console/cases/${caseId}`)).text;
    assert.doesNotMatch(page, /class="risk-evidence"/);
  });
});
