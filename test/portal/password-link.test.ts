import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { auditActions, PortalClient } from './support.ts';

forEachDialect('portal first-time setup and reset by emailed link', (getDb) => {
  let server: TestServer;
  const clock = new ManualClock(new Date());
  before(async () => {
    server = await startTestServer(getDb(), { clock });
  });
  after(async () => {
    await server.close();
  });

  async function linkFor(enetId: string): Promise<string> {
    const email = await getDb()
      .db.selectFrom('emails')
      .select('text_body')
      .where('to_address', '=', `${enetId}@example.jp`)
      .where('purpose', 'in', ['portal_password_setup', 'portal_password_reset'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const url = /(http:\/\/\S+\/enet\/password\/set\?token=[A-Za-z0-9_-]+)/.exec(email.text_body)?.[1];
    assert.ok(url, 'the email carries the link');
    return url.replace(server.url, '');
  }

  test('first-time setup: same answer for an unknown ID; single-use link; then sign-in works', async () => {
    const holder = await seedCardholder(getDb().db, server.keys);
    const client = new PortalClient(server.url);
    await client.get('/enet/password/request');
    const known = await client.post('/enet/password/request', { enetId: holder.enetId });
    await client.get('/enet/password/request');
    const unknown = await client.post('/enet/password/request', { enetId: 'nobody-here' });
    assert.equal(known.status, unknown.status);
    const strip = (h: string) => h.replace(/nonce="[^"]+"/, '');
    assert.equal(strip(known.html), strip(unknown.html));
    const link = await linkFor(holder.enetId);
    const email = await getDb()
      .db.selectFrom('emails')
      .select('subject')
      .where('to_address', '=', `${holder.enetId}@example.jp`)
      .executeTakeFirstOrThrow();
    assert.match(email.subject, /初回設定/);
    const form = await client.get(link);
    assert.equal(form.status, 200);
    const short = await client.post('/enet/password/set', {
      token: link.split('=')[1]!,
      password: 'short',
      confirm: 'short',
    });
    assert.match(short.html, /12 文字以上/);
    const withId = `${holder.enetId}-secret`;
    const idInside = await client.post('/enet/password/set', {
      token: link.split('=')[1]!,
      password: withId,
      confirm: withId,
    });
    assert.match(idInside.html, /ID を含めないで/);
    const set = await client.post('/enet/password/set', {
      token: link.split('=')[1]!,
      password: 'a brand new passphrase',
      confirm: 'a brand new passphrase',
    });
    assert.equal(set.location, '/enet/login?done=password_set');
    assert.equal((await client.get(link)).status, 404, 'the link works once');
    assert.equal((await client.signIn(holder.enetId, 'a brand new passphrase')).status, 303);
    assert.ok((await auditActions(getDb().db, holder.enetId)).includes('portal.password.setup'));
  });

  test('reset: the link expires after 30 minutes; a reset signs the member out everywhere', async () => {
    const holder = await seedCardholder(getDb().db, server.keys);
    const client = new PortalClient(server.url);
    await client.get('/enet/password/request');
    await client.post('/enet/password/request', { enetId: holder.enetId });
    const first = await linkFor(holder.enetId);
    await client.get(first);
    await client.post('/enet/password/set', {
      token: first.split('=')[1]!,
      password: 'first passphrase 1',
      confirm: 'first passphrase 1',
    });
    const other = new PortalClient(server.url);
    await other.signIn(holder.enetId, 'first passphrase 1');
    assert.equal((await other.get('/enet')).status, 200);
    clock.advance(1000);
    await client.get('/enet/password/request');
    await client.post('/enet/password/request', { enetId: holder.enetId });
    const expiring = await linkFor(holder.enetId);
    clock.advance(31 * 60_000);
    assert.equal((await client.get(expiring)).status, 404, 'expired after 30 minutes');
    await client.get('/enet/password/request');
    await client.post('/enet/password/request', { enetId: holder.enetId });
    const reset = await linkFor(holder.enetId);
    await client.get(reset);
    await client.post('/enet/password/set', {
      token: reset.split('=')[1]!,
      password: 'second passphrase 2',
      confirm: 'second passphrase 2',
    });
    assert.equal((await other.get('/enet')).location, '/enet/login', 'the old session ended with the reset');
    assert.ok((await auditActions(getDb().db, holder.enetId)).includes('portal.password.reset'));
  });
});
