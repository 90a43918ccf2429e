import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ChallengeClient } from '../support/challenge-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const HSTS = 'strict-transport-security';

function methodData(): string {
  const data = { threeDSServerTransID: crypto.randomUUID(), threeDSMethodNotificationURL: 'https://m.example/n' };
  return Buffer.from(JSON.stringify(data)).toString('base64url');
}

/** Issue 14 item 15: the headers each surface answers with (one module sets them: src/app/http/headers.ts). */
describe('security headers per surface', () => {
  let database: TestDatabase;
  let plain: TestServer;
  let https: TestServer;
  before(async () => {
    database = await createTestDatabase('pglite');
    plain = await startTestServer(database);
    // Published over https (behind a TLS proxy); the test still reaches it over loopback http.
    https = await startTestServer(database, { env: { PUBLIC_URL: 'https://acs.example.jp' } });
  });
  after(async () => {
    await plain.close();
    await https.close();
    await database.close();
  });

  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

  test('public notices and their feed: nosniff, Referrer-Policy, never framed', async () => {
    for (const path of ['/notices', '/notices/feed.atom']) {
      const res = await fetch(`${plain.url}${path}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(res.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', path);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
      assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, path);
    }
  });

  test('3DS Method page: nosniff, framed anywhere, not cached', async () => {
    const res = await fetch(`${plain.url}/3ds/method`, form({ threeDSMethodData: methodData() }));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors \*/);
  });

  test('challenge page: nonce CSP, framed anywhere, form-action only to us; the final page has none', async () => {
    const holder = await seedCardholder(database.db, plain.keys);
    await plain.server.deps.ranges.load();
    const client = new ChallengeClient(plain.url, 'https://merchant.example/notify');
    await client.areq(holder.pan);
    const res = await fetch(`${plain.url}/3ds/challenge`, form({ creq: client.creqValue('05') }));
    const html = await res.text();
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'nonce-[^']+'/);
    assert.match(csp, /frame-ancestors \*/);
    assert.match(csp, /form-action 'self';/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    const token = /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const final = await fetch(`${plain.url}/3ds/challenge`, form({ token, cancel: '1' }));
    assert.match(await final.text(), /merchant\.example\/notify/);
    const finalCsp = final.headers.get('content-security-policy') ?? '';
    assert.doesNotMatch(finalCsp, /form-action/, 'the browser may follow the notificationURL wherever it redirects');
    assert.match(finalCsp, /default-src 'none'.*frame-ancestors \*.*base-uri 'none'/);
  });

  test('portal and console pages: never framed, not cached, same-origin Referer', async () => {
    for (const path of ['/enet/login', '/console/sign-in']) {
      const res = await fetch(`${plain.url}${path}`);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
      assert.equal(res.headers.get('cache-control'), 'no-store', path);
      assert.equal(res.headers.get('referrer-policy'), 'same-origin', path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, path);
    }
  });

  test('issuer API answers (personal data) are never stored by a cache; errors neither', async () => {
    for (const path of ['/api/v1/members/nobody_1', '/api/v1/openapi.json', '/api/v1/nothing-here']) {
      const res = await plain.api(path);
      assert.equal(res.headers.get('cache-control'), 'no-store', path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
    }
  });

  test('HSTS on every surface only when PUBLIC_URL is https (the AReq fast path included)', async () => {
    const paths = ['/notices', '/notices/feed.atom', '/enet/login', '/console/sign-in', '/healthz', '/nowhere'];
    for (const path of paths) {
      const secure = await fetch(`${https.url}${path}`);
      assert.match(secure.headers.get(HSTS) ?? '', /^max-age=\d{8,}; includeSubDomains$/, path);
      assert.equal((await fetch(`${plain.url}${path}`)).headers.get(HSTS), null, path);
    }
    const areq = await fetch(`${https.url}/3ds/areq`, { method: 'POST', body: '{}' });
    assert.match(areq.headers.get(HSTS) ?? '', /max-age/);
    assert.equal(areq.headers.get('x-content-type-options'), 'nosniff');
    assert.equal((await fetch(`${plain.url}/3ds/areq`, { method: 'POST', body: '{}' })).headers.get(HSTS), null);
    const api = await https.api('/api/v1/members/nobody_1');
    assert.match(api.headers.get(HSTS) ?? '', /max-age/);
  });
});
