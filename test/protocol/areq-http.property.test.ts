import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { assertValidOutgoing, browserAReq } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const mutation = fc.record({
  kind: fc.constantFrom('delete', 'replace', 'insert', 'truncate'),
  pick: fc.nat(),
  key: fc.oneof(
    fc.constantFrom(
      'acctNumber',
      'messageVersion',
      'messageType',
      'deviceChannel',
      'messageCategory',
      'browserInfo',
      'messageExtension',
    ),
    fc.string(),
  ),
  value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('', null, '\u0000', 'x'.repeat(3000), '01', [], {})),
});

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
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
        const message: Record<string, unknown> = structuredClone(base);
        let text: string | undefined;
        for (const m of mutations) {
          const keys = Object.keys(message);
          const existing = keys[m.pick % keys.length]!;
          if (m.kind === 'delete') delete message[existing];
          else if (m.kind === 'replace') message[existing] = m.value;
          else if (m.kind === 'insert') message[m.key] = m.value;
          else text = JSON.stringify(message).slice(0, m.pick % 2000);
        }
        const res = await fetch(`${server.url}/3ds/areq`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: text ?? JSON.stringify(message),
        });
        assert.ok(res.status < 500, `HTTP ${res.status}`);
        if (res.status === 200) assertValidOutgoing((await res.json()) as Record<string, unknown>, message);
        else await res.text();
      }),
      { numRuns: 1000 },
    );
  });
});
