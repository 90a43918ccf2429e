import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ConsoleClient, makeOperator } from '../console/support.ts';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

forEachDialect('console: backtest and shadow forms', (getDb) => {
  let server: TestServer;
  const signed: Record<'admin' | 'auditor', { client: ConsoleClient; csrf: string }> = {} as never;
  before(async () => {
    server = await startTestServer(getDb(), { background: false });
    for (const role of ['admin', 'auditor'] as const) {
      const op = await makeOperator(getDb().db, server.keys, role);
      const client = new ConsoleClient(server.url);
      signed[role] = { client, csrf: await client.signIn(op.principal.username, op.password, op.secret, new Date()) };
    }
  });
  after(() => server.close());

  const runs = async () => (await getDb().db.selectFrom('risk_backtests').select('id').execute()).length;

  test('a wrong period or policy is refused beside its field and stores nothing; a good one shows its run', async () => {
    const { client, csrf } = signed.admin;
    for (const [form, message] of [
      [{ policyId: 'rpol_challenge_all', days: '0' }, /1〜90 の整数で入力してください/],
      [{ policyId: 'rpol_challenge_all', days: '9999' }, /1〜90 の整数で入力してください/],
      [{ policyId: 'rpol_challenge_all', days: 'ten' }, /1〜90 の整数で入力してください/],
      [{ policyId: 'no-such-policy', days: '7' }, /このポリシーではバックテストできません/],
    ] as const) {
      const refused = await client.request('/console/risk/backtests', { form: { csrf, ...form } });
      assert.equal(refused.res.status, 400, JSON.stringify(form));
      assert.match(refused.text, message);
      assert.match(refused.text, /aria-invalid="true"/);
    }
    assert.equal(await runs(), 0);
    const ran = await client.request('/console/risk/backtests', {
      form: { csrf, policyId: 'rpol_challenge_all', days: '7' },
    });
    assert.equal(ran.res.status, 303);
    const location = ran.res.headers.get('location') ?? '';
    assert.match(location, /^\/console\/risk\/backtests\/rbt_/);
    const page = await client.request(location);
    assert.equal(page.res.status, 200);
    assert.match(page.text, /id="backtest-figures"/);
    assert.equal(await runs(), 1);

    // an auditor reads the run and the list, without the form, and cannot run one
    const auditor = signed.auditor;
    const read = await auditor.client.request(location);
    assert.equal(read.res.status, 200);
    const list = await auditor.client.request('/console/risk/backtests');
    assert.doesNotMatch(list.text, /id="backtest-form"/);
    const refused = await auditor.client.request('/console/risk/backtests', {
      form: { csrf: auditor.csrf, policyId: 'rpol_challenge_all', days: '7' },
    });
    assert.equal(refused.res.status, 403);
    assert.equal(await runs(), 1);
  });

  test('shadow: the policy in force is refused, stopping without a shadow says so, auditors cannot change it', async () => {
    const { client, csrf } = signed.admin;
    const inForce = await client.request('/console/risk/shadow', {
      form: { csrf, action: 'start', policyId: 'rpol_challenge_all' },
    });
    assert.equal(inForce.res.status, 400);
    assert.match(inForce.text, /適用中でも終了済みでもない/);
    const none = await client.request('/console/risk/shadow?lang=en', { form: { csrf, action: 'stop' } });
    assert.equal(none.res.status, 409);
    assert.match(none.text, /No policy is in shadow/);
    const auditor = await signed.auditor.client.request('/console/risk/shadow', {
      form: { csrf: signed.auditor.csrf, action: 'stop' },
    });
    assert.equal(auditor.res.status, 403);
    const rows = await getDb().db.selectFrom('risk_shadow').select('policy_id').execute();
    assert.deepEqual(rows, []);
  });
});
