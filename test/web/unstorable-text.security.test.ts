import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { ConsoleClient, makeOperator } from '../console/support.ts';
import { PortalClient, seedPortalMember } from '../portal/support.ts';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const NUL = '\u0000';

forEachDialect('text PostgreSQL cannot store (U+0000) → a clear 4xx on every surface (issue 14 item 7)', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb());
  });
  after(() => server.close());

  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

  test('challenge: threeDSSessionData with NUL → 400 page naming the field', async () => {
    const res = await fetch(`${server.url}/3ds/challenge`, form({ creq: 'eyJ9', threeDSSessionData: `abc${NUL}` }));
    const html = await res.text();
    assert.equal(res.status, 400);
    assert.match(html, /NUL/);
    assert.match(html, /threeDSSessionData/);
    assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors \*/);
  });

  test('3DS Method: NUL in threeDSMethodData, in the device data (raw or as \\u0000) → 400', async () => {
    const method = await fetch(`${server.url}/3ds/method`, form({ threeDSMethodData: `e30${NUL}` }));
    assert.equal(method.status, 400);
    const base = { threeDSServerTransID: randomUUID(), notificationURL: 'https://merchant.example/notify' };
    const escaped = await fetch(
      `${server.url}/3ds/method/collect`,
      form({ ...base, device: JSON.stringify({ platform: `x${NUL}` }) }),
    );
    assert.equal(escaped.status, 400);
    const raw = await fetch(`${server.url}/3ds/method/collect`, form({ ...base, device: `{"platform":"x${NUL}"}` }));
    assert.equal(raw.status, 400);
  });

  test('console: a search parameter and a notice title with NUL → 400 page, nothing stored', async () => {
    const admin = await makeOperator(getDb().db, server.keys, 'admin');
    const client = new ConsoleClient(server.url);
    await client.signIn(admin.principal.username, admin.password, admin.secret);
    for (const query of ['merchant', 'id', 'cardRef', 'state', 'from']) {
      const { res, text } = await client.request(`/console/transactions?${query}=a%00b`);
      assert.equal(res.status, 400, `${query}: ${res.status}`);
      assert.match(text, new RegExp(query));
    }
    const search = await client.request('/console/members?q=%00');
    assert.equal(search.res.status, 400);
    const before = await getDb().db.selectFrom('notices').select('id').execute();
    const csrf = await client.csrf('/console/notices');
    const posted = await client.request('/console/notices', {
      form: { csrf, kind: 'info', title: `停止${NUL}`, titleEn: 'Stop', body: 'b', bodyEn: 'b' },
    });
    assert.equal(posted.res.status, 400);
    assert.match(posted.text, /title/);
    assert.equal((await getDb().db.selectFrom('notices').select('id').execute()).length, before.length);
  });

  test('portal: a fraud report and a sign-in with NUL → 400 page', async () => {
    const holder = await seedPortalMember(getDb().db, server.keys);
    const client = new PortalClient(server.url);
    await client.signIn(holder.enetId);
    await client.get('/enet/fraud/new');
    const report = await client.post('/enet/fraud', { description: `見覚えのない${NUL}請求` });
    assert.equal(report.status, 400);
    assert.match(report.html, /description/);
    const stranger = new PortalClient(server.url);
    await stranger.get('/enet/login');
    assert.equal((await stranger.post('/enet/login', { enetId: `a${NUL}`, password: 'x' })).status, 400);
    assert.equal((await stranger.get('/enet/history?page=%00')).status, 400);
  });

  test('issuer API: NUL in a JSON string → its schema answers 400 naming the field; in a path or query → 400', async () => {
    const put = await server.api('/api/v1/members/nul_test_1', {
      method: 'PUT',
      body: { name: `山田${NUL}`, email: 'a@example.jp', status: 'active' },
    });
    assert.equal(put.status, 400);
    assert.equal(((await put.json()) as { field: string }).field, 'name');
    for (const path of ['/api/v1/members/a%00b', '/api/v1/members/nul_test_1?x=%00']) {
      const res = await server.api(path);
      assert.equal(res.status, 400, path);
      assert.deepEqual(await res.json(), {
        code: 'invalid_text',
        message: `${path.includes('?') ? 'x' : 'path'}: A field contains a character that cannot be accepted (NUL). Check the input.`,
        field: path.includes('?') ? 'x' : 'path',
      });
    }
  });
});
