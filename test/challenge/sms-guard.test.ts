import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { MAX_SENDS_PER_PHONE_PER_DAY } from '../../src/core/otp-policy.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { ChallengeClient, latestCode } from '../support/challenge-client.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

forEachDialect('SMS-pumping guard and code hygiene', (getDb) => {
  let server: TestServer;
  let ds: DsPeer;
  const logLines: string[] = [];
  const clock = new ManualClock(new Date());
  before(async () => {
    ds = await new DsPeer().start();
    const sink = new Writable({
      write(chunk, _e, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    server = await startTestServer(getDb(), {
      clock,
      env: { DS_RREQ_URL: ds.url },
      logger: createLogger('trace', sink),
    });
  });
  after(async () => {
    await server.close();
    await ds.stop();
  });

  test(`at most ${MAX_SENDS_PER_PHONE_PER_DAY} codes a day to one phone, across transactions`, async () => {
    const holder = await seedCardholder(getDb().db, server.keys);
    await server.server.deps.ranges.load();
    let lastPage = '';
    for (let i = 0; i < MAX_SENDS_PER_PHONE_PER_DAY + 2; i++) {
      const client = new ChallengeClient(server.url);
      await client.areq(holder.pan);
      await client.creq();
      lastPage = client.html;
      await client.cancel();
      clock.advance(1000);
    }
    const sent = await getDb()
      .db.selectFrom('sms_messages')
      .select('id')
      .where('to_mac', '=', server.keys.mac('phone', holder.phone))
      .execute();
    assert.equal(sent.length, MAX_SENDS_PER_PHONE_PER_DAY);
    assert.match(lastPage, /role="alert"/, 'the member is told no code was sent');
    clock.advance(24 * 3600_000);
    const client = new ChallengeClient(server.url);
    await client.areq(holder.pan);
    await client.creq();
    const after = await getDb()
      .db.selectFrom('sms_messages')
      .select('id')
      .where('to_mac', '=', server.keys.mac('phone', holder.phone))
      .execute();
    assert.equal(after.length, MAX_SENDS_PER_PHONE_PER_DAY + 1, 'a day later the phone gets codes again');
  });

  test('a code never appears in a log line, a URL, or a page other than the SMS', async () => {
    const holder = await seedCardholder(getDb().db, server.keys);
    await server.server.deps.ranges.load();
    const client = new ChallengeClient(server.url);
    await client.areq(holder.pan);
    await client.creq();
    const code = await latestCode(getDb().db, server.keys, client.acsTransID);
    const pages = [client.html];
    await client.submit(holder.enetId, String((Number(code) + 1) % 1e6).padStart(6, '0'));
    pages.push(client.html);
    await client.submit(holder.enetId, code);
    pages.push(client.html);
    assert.equal(client.finalCRes()?.transStatus, 'Y');
    for (const html of pages) {
      assert.ok(!html.includes(code), 'no page echoes the code');
      for (const action of html.matchAll(/action="([^"]*)"/g)) assert.ok(!action[1]!.includes(code));
    }
    assert.ok(!logLines.join('').includes(code), 'no log line holds the code');
    const stored = await getDb()
      .db.selectFrom('otp_codes')
      .selectAll()
      .where('subject', '=', client.acsTransID)
      .execute();
    assert.ok(!JSON.stringify(stored).includes(code), 'the code is stored only as a MAC');
  });
});
