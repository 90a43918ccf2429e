import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { MAX_FAILURES_PER_ID_PER_WINDOW } from '../../src/features/portal/service/policy.ts';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { PASSWORD, PortalClient, seedPortalMember } from './support.ts';

forEachDialect('portal sign-in failure cap under concurrency (issue 14 item 10)', (getDb) => {
  let server: TestServer;
  const clock = new ManualClock('2026-11-25T03:01:00Z');
  before(async () => {
    server = await startTestServer(getDb(), { clock });
  });
  after(() => server.close());

  test('40 concurrent wrong passwords for one ID are checked no more often than the limit', async () => {
    const holder = await seedPortalMember(getDb().db, server.keys);
    const clients = Array.from({ length: 40 }, () => new PortalClient(server.url));
    await Promise.all(clients.map((c) => c.get('/enet/login')));
    const answers = await Promise.all(
      clients.map((c) => c.post('/enet/login', { enetId: holder.enetId, password: 'wrong-password-1' })),
    );
    const checked = answers.filter((a) => a.status === 401).length;
    console.log(`# 40 concurrent wrong passwords: ${checked} answered as wrong, the rest as locked`);
    // The attempt that reaches the limit is told the ID is now locked.
    assert.equal(checked, MAX_FAILURES_PER_ID_PER_WINDOW - 1);
    const day = await getDb()
      .db.selectFrom('rate_counters')
      .select('count')
      .where('key', '=', server.keys.mac('ratelimit', `portal-signin-fail-day:${holder.enetId}`))
      .executeTakeFirstOrThrow();
    assert.equal(Number(day.count), MAX_FAILURES_PER_ID_PER_WINDOW, 'failures counted = passwords checked');
    const right = new PortalClient(server.url);
    assert.equal((await right.signIn(holder.enetId, PASSWORD)).status, 429, 'locked for the rest of the window');
  });
});
