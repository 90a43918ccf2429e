import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_RISK_POLICY } from '../../src/core/risk/policies.ts';
import { createRiskPolicyDraft } from '../../src/features/risk/policy-admin.ts';
import { activeRiskPolicyRow } from '../../src/storage/repositories/risk-policies.ts';
import { ConsoleClient, makeOperator } from '../console/support.ts';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { rbaTermsInForce } from './support.ts';

forEachDialect('console: four-eyes activation of a risk policy', (getDb) => {
  let server: TestServer;
  const admins: Array<{ client: ConsoleClient; csrf: string }> = [];
  before(async () => {
    server = await startTestServer(getDb());
    for (let i = 0; i < 2; i++) {
      const op = await makeOperator(getDb().db, server.keys, 'admin');
      const client = new ConsoleClient(server.url);
      admins.push({ client, csrf: await client.signIn(op.principal.username, op.password, op.secret, new Date()) });
    }
  });
  after(() => server.close());

  test('one admin asks, the same admin cannot approve, a second admin does; the AReq path applies it', async () => {
    const db = getDb().db;
    const now = new Date();
    const terms = await rbaTermsInForce(db, now);
    const id = await createRiskPolicyDraft({ db, clock: { now: () => now } }, 'system', {
      name: 'リスクベース認証',
      nameEn: 'Risk-based',
      body: DEMO_RISK_POLICY,
      termsVersionId: terms,
    });
    const [a, b] = admins as [(typeof admins)[0], (typeof admins)[0]];
    const list = await a.client.request('/console/risk');
    assert.equal(list.res.status, 200);
    assert.match(list.text, /有効化を申請/);

    const asked = await a.client.request(`/console/risk/${id}/request`, { form: { csrf: a.csrf } });
    assert.equal(asked.res.status, 303);
    const own = await a.client.request('/console/risk?lang=en');
    assert.match(own.text, /Activation awaiting a second admin/);
    assert.doesNotMatch(own.text, /Approve and activate/);
    const self = await a.client.request(`/console/risk/${id}/decide`, { form: { csrf: a.csrf, decision: 'approved' } });
    assert.equal(self.res.status, 403);
    assert.match(self.text, /a second admin must approve the activation/);
    assert.equal((await activeRiskPolicyRow(db))?.version, 1);

    const seen = await b.client.request('/console/risk?lang=en');
    assert.match(seen.text, /Approve and activate/);
    const approved = await b.client.request(`/console/risk/${id}/decide`, {
      form: { csrf: b.csrf, decision: 'approved' },
    });
    assert.equal(approved.res.status, 303);
    assert.equal((await activeRiskPolicyRow(db))?.id, id);
    assert.equal(server.server.deps.riskPolicy.current().policy.mode, 'risk');
  });
});
