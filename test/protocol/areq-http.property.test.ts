import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { areqMutations, mutateAReq } from '../support/areq-mutations.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { assertValidOutgoing, browserAReq } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

forEachDialect('AReq endpoint under random input', (getDb) => {
  let server: TestServer;
  let base: Record<string, unknown>;
  before(async () => {
    server = await startTestServer(getDb());
    const holder = await seedCardholder(getDb().db, server.keys);
    await server.server.deps.ranges.load();
    base = browserAReq(holder.pan);
  });
  after(() => server.close());

  test('1,000 mutated AReqs over HTTP: never a 5xx, always a valid ARes or Erro', async () => {
    await fc.assert(
      fc.asyncProperty(areqMutations, async (mutations) => {
        const { message, text } = mutateAReq(base, mutations);
        const res = await fetch(`${server.url}/3ds/areq`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: text,
        });
        assert.ok(res.status < 500, `HTTP ${res.status}`);
        if (res.status === 200) assertValidOutgoing((await res.json()) as Record<string, unknown>, message);
        else await res.text();
      }),
      { numRuns: 1000 },
    );
  });
});
