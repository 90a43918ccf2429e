import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { ConsoleClient, makeOperator } from '../console/support.ts';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

forEachDialect('console: the transaction page explains the risk decision', (getDb) => {
  let server: TestServer;
  let client: ConsoleClient;
  before(async () => {
    server = await startTestServer(getDb());
    const op = await makeOperator(getDb().db, server.keys, 'operator');
    client = new ConsoleClient(server.url);
    await client.signIn(op.principal.username, op.password, op.secret, new Date());
  });
  after(() => server.close());

  test('a frictionless Y lists each signal with its points; a challenge-everything one names the rule', async () => {
    const at = new Date();
    const row = {
      three_ds_server_trans_id: randomUUID(),
      message_version: '2.2.0',
      device_channel: '02',
      message_category: '01',
      state: 'decided',
      trans_status: 'Y',
      eci: '05',
      merchant_name: 'Risk Shop',
      created_at: at,
      updated_at: at,
    };
    const frictionless = randomUUID();
    const reasons = [
      { signal: 'base', points: 30 },
      { signal: 'known_device', points: -20 },
      { signal: 'known_merchant', points: -5 },
    ];
    const challenged = randomUUID();
    await getDb()
      .db.insertInto('transactions')
      .values([
        {
          ...row,
          acs_trans_id: frictionless,
          risk_score: 5,
          risk_decision: 'frictionless',
          risk_reasons: JSON.stringify(reasons),
          risk_policy_version: 2,
        },
        {
          ...row,
          acs_trans_id: challenged,
          three_ds_server_trans_id: randomUUID(),
          trans_status: 'C',
          state: 'challenge_issued',
          risk_decision: 'challenge',
          risk_rule: 'challenge_all',
          risk_policy_version: 1,
        },
      ])
      .execute();
    const ja = (await client.request(`/console/transactions/${frictionless}`)).text;
    assert.match(ja, /id="risk-decision"[^>]*>チャレンジなしで認証（Y）</);
    assert.match(ja, /スコア 5 \/ 100/);
    assert.match(ja, /認証済みの端末<\/td><td class="num">-20</);
    const en = (await client.request(`/console/transactions/${frictionless}?lang=en`)).text;
    assert.match(en, /A device this card authenticated on<\/td><td class="num">-20</);
    assert.match(en, /policy v2/);
    const all = (await client.request(`/console/transactions/${challenged}?lang=en`)).text;
    assert.match(all, /decided by: Challenge every purchase \(terms art\. 4\)/);
    assert.doesNotMatch(all, /id="risk-reasons"/);
  });
});
