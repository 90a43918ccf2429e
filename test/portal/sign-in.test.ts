import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { auditActions, PortalClient, seedPortalMember } from './support.ts';

forEachDialect('portal sign-in and home', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb());
  });
  after(async () => {
    await server.close();
  });

  test('sign in → home shows status, masked phone and card; sessions list; sign out', async () => {
    const holder = await seedPortalMember(getDb().db, server.keys);
    const client = new PortalClient(server.url);
    const login = await client.get('/enet/login');
    assert.equal(login.status, 200);
    assert.match(login.html, /<html lang="ja"/);
    const cookie = login.setCookie.find((c) => c.startsWith('__Host-ninsho_enet='));
    assert.match(cookie ?? '', /; Path=\/; .*HttpOnly; Secure; SameSite=Lax/);
    const res = await client.post('/enet/login', { enetId: holder.enetId, password: 'correct-horse-battery' });
    assert.equal(res.status, 303);
    assert.equal(res.location, '/enet');
    const home = await client.get('/enet');
    assert.equal(home.status, 200);
    assert.match(home.html, /登録済みです/);
    assert.match(home.html, /090-\*\*\*\*-\d{4}/);
    assert.match(home.html, new RegExp(`\\*\\*\\*\\* ${holder.pan.slice(-4)}`));
    assert.doesNotMatch(home.html, new RegExp(holder.pan));
    const english = await client.get('/enet?lang=en');
    assert.match(english.html, /<html lang="en"/);
    assert.match(english.html, /Registered\. When you shop online/);
    const sessions = await client.get('/enet/sessions');
    assert.match(sessions.html, /この端末/);
    const out = await client.post('/enet/logout', {});
    assert.equal(out.status, 303);
    assert.equal((await client.get('/enet')).location, '/enet/login');
    assert.deepEqual(
      (await auditActions(getDb().db, holder.enetId)).filter((a) => a.startsWith('portal.session')),
      ['portal.session.sign_in', 'portal.session.sign_out'],
    );
  });

  test('sign out everywhere ends every session of the member', async () => {
    const holder = await seedPortalMember(getDb().db, server.keys);
    const laptop = new PortalClient(server.url);
    const phone = new PortalClient(server.url);
    await laptop.signIn(holder.enetId);
    await phone.signIn(holder.enetId);
    const list = await phone.get('/enet/sessions');
    assert.equal([...list.html.matchAll(/<li>/g)].length, 2);
    const out = await phone.post('/enet/sessions/revoke-all', {});
    assert.equal(out.location, '/enet/login?done=signed_out');
    assert.equal((await laptop.get('/enet')).location, '/enet/login');
    assert.equal((await phone.get('/enet')).location, '/enet/login');
    assert.ok((await auditActions(getDb().db, holder.enetId)).includes('portal.session.sign_out_everywhere'));
  });

  test('English with ?lang=en', async () => {
    const client = new PortalClient(server.url);
    const page = await client.get('/enet/login?lang=en');
    assert.match(page.html, /<html lang="en"/);
    assert.match(page.html, /Sign in/);
  });
});
