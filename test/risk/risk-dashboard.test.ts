import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { jstDay } from '../../src/core/format.ts';
import { ConsoleClient, makeOperator } from '../console/support.ts';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const DAY = 86_400_000;

/** Issue #20 item 6: frictionless / challenge / refusal counts and rates per Japan-time day, last 30 days. */
forEachDialect('console: risk decisions per day', (getDb) => {
  let server: TestServer;
  const clients: Record<'admin' | 'auditor' | 'operator', ConsoleClient> = {} as never;
  before(async () => {
    server = await startTestServer(getDb());
    for (const role of ['admin', 'auditor', 'operator'] as const) {
      const op = await makeOperator(getDb().db, server.keys, role);
      clients[role] = new ConsoleClient(server.url);
      await clients[role].signIn(op.principal.username, op.password, op.secret, new Date());
    }
  });
  after(() => server.close());

  test('counts each decision on its JST day; older ones and unassessed AReqs are left out', async () => {
    const now = server.server.deps.clock.now();
    // 15:30 UTC is 00:30 JST of the next day: yesterday 15:30 UTC counts for today (JST) when now is later.
    const jstMidnight = new Date(Math.floor((now.getTime() + 9 * 3_600_000) / DAY) * DAY - 9 * 3_600_000);
    const today = jstDay(now);
    const threeDaysAgo = jstDay(new Date(now.getTime() - 3 * DAY));
    const rows: Array<[Date, 'frictionless' | 'challenge' | 'refuse' | null]> = [
      [new Date(jstMidnight.getTime() + 60_000), 'frictionless'],
      [new Date(jstMidnight.getTime() + 120_000), 'frictionless'],
      [new Date(jstMidnight.getTime() + 180_000), 'frictionless'],
      [new Date(jstMidnight.getTime() + 240_000), 'challenge'],
      [new Date(jstMidnight.getTime() - 60_000), 'refuse'], // 23:59 JST yesterday
      [new Date(now.getTime() - 3 * DAY), 'challenge'],
      [new Date(now.getTime() - 3 * DAY), null], // answered by the decision table, not assessed
      [new Date(now.getTime() - 40 * DAY), 'frictionless'], // outside the 30 days
    ];
    await getDb()
      .db.insertInto('transactions')
      .values(
        rows.map(([at, decision]) => ({
          acs_trans_id: randomUUID(),
          three_ds_server_trans_id: randomUUID(),
          message_version: '2.2.0',
          device_channel: '02',
          message_category: '01',
          state: 'decided',
          trans_status: decision === 'frictionless' ? 'Y' : 'C',
          risk_decision: decision,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();

    const admin = await clients.admin.request('/console/risk/dashboard');
    assert.equal(admin.res.status, 200);
    const cells = (html: string, id: string) =>
      [
        ...(new RegExp(`<tr id="${id}">(.*?)</tr>`).exec(html)?.[1] ?? '').matchAll(/<td class="num">([^<]*)<\/td>/g),
      ].map((m) => m[1]);
    if (now.getTime() - jstMidnight.getTime() > 240_000) {
      assert.deepEqual(cells(admin.text, `risk-day-${today}`), ['4', '3 (75.0%)', '1 (25.0%)', '0 (0.0%)']);
    }
    const yesterday = jstDay(new Date(jstMidnight.getTime() - 60_000));
    assert.deepEqual(cells(admin.text, `risk-day-${yesterday}`), ['1', '0 (0.0%)', '0 (0.0%)', '1 (100.0%)']);
    assert.deepEqual(cells(admin.text, `risk-day-${threeDaysAgo}`), ['1', '0 (0.0%)', '1 (100.0%)', '0 (0.0%)']);
    assert.equal(admin.text.match(/<tr id="risk-day-/g)?.length, 30);
    assert.match(admin.text, /リスク判定の推移/);
    assert.match(admin.text, /<svg[^>]*role="img"/);

    const auditor = await clients.auditor.request('/console/risk/dashboard?lang=en');
    assert.equal(auditor.res.status, 200);
    assert.match(auditor.text, /Risk decisions per day/);
    assert.match(auditor.text, /<tr id="risk-days-total"><th scope="row">30 days<\/th>/);
    assert.equal((await clients.operator.request('/console/risk/dashboard')).res.status, 403);
  });
});
