import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

forEachDialect('operations endpoints', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb());
  });
  after(() => server.close());

  test('healthz and readyz answer 200 once migrated', async () => {
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready' });
  });

  test('metrics expose request counters by route', async () => {
    await fetch(`${server.url}/healthz`);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(text, /ninsho_http_requests_total\{method="GET",route="\/healthz",status="2xx"\} \d+/);
  });

  test('unknown API paths get a JSON 404', async () => {
    const res = await fetch(`${server.url}/api/v1/nope`);
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { code: string }).code, 'not_found');
  });
});
