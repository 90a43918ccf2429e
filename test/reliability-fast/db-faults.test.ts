import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { DEFAULT_DATABASE_TIMEOUTS } from '../../src/storage/database.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import {
  type AReqResult,
  databaseName,
  lockTable,
  recordedShapes,
  secondsUntilStatus,
  sendAReq,
  terminateBackends,
} from '../support/db-faults.ts';
import { type SeededCardholder, seedCardholder } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const adminUrl = process.env.TEST_DATABASE_URL;
const skip = adminUrl ? false : 'TEST_DATABASE_URL not set: backend termination and table locks need PostgreSQL';

/**
 * Issue 14 items 1 and 2 on the real PostgreSQL: backends terminated (idle and with AReqs in flight) and the
 * `transactions` table locked. The process must live on, answer every AReq with an ARes or Erro 403 (never
 * HTTP 5xx, never half a transaction), report itself unready while the database is stuck and recover alone.
 */
describe('database faults [postgres]', { skip }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let holders: SeededCardholder[] = [];
  const pan = (i: number) => holders[i % holders.length]?.pan ?? '';

  // A stray 'error' event or rejection would end a production process; the test runner only reports it.
  const escaped: unknown[] = [];
  const onEscape = (err: unknown) => escaped.push(err);

  before(async () => {
    process.on('uncaughtException', onEscape);
    process.on('unhandledRejection', onEscape);
    database = await createTestDatabase('postgres', { timeouts: DEFAULT_DATABASE_TIMEOUTS });
    server = await startTestServer(database);
    holders = [
      await seedCardholder(database.db, server.keys),
      await seedCardholder(database.db, server.keys, { enrolled: false }),
    ];
    await server.server.deps.ranges.load();
  });
  after(async () => {
    process.off('uncaughtException', onEscape);
    process.off('unhandledRejection', onEscape);
    await server?.close();
    await database?.close();
  });
  afterEach(() => {
    assert.deepEqual(escaped.splice(0).map(String), [], 'no error escaped as an uncaught exception or rejection');
  });

  test('idle backends terminated: the process lives, the pool reconnects, the next AReq gets its ARes', async () => {
    assert.equal((await sendAReq(server.url, pan(0))).kind, 'ares');
    const killed = await terminateBackends(adminUrl ?? '', databaseName(database.url ?? ''));
    assert.ok(killed > 0, 'some pooled connection was terminated');
    await new Promise((r) => setTimeout(r, 300)); // the terminated sockets close
    const next = await sendAReq(server.url, pan(0));
    assert.equal(next.kind, 'ares', 'the pool replaced its dead connections by itself');
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });

  test('backends terminated with AReqs in flight: ARes or Erro 403, nothing half-recorded, then ARes again', async () => {
    const results: AReqResult[] = [];
    let sending = true;
    const senders = Array.from({ length: 16 }, async (_, s) => {
      for (let i = 0; sending && i < 400; i++) results.push(await sendAReq(server.url, pan(s + i)));
    });
    for (let round = 0; round < 4; round++) {
      await new Promise((r) => setTimeout(r, 250));
      await terminateBackends(adminUrl ?? '', databaseName(database.url ?? ''));
    }
    await new Promise((r) => setTimeout(r, 250));
    sending = false;
    await Promise.all(senders);

    const byKind = new Map<string, number>();
    for (const r of results) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
    console.log(`# in flight: ${[...byKind].map(([k, n]) => `${k}=${n}`).join(' ')}`);
    assert.deepEqual(
      results.filter((r) => r.kind !== 'ares' && r.kind !== 'erro_403'),
      [],
      'every AReq got an ARes or an Erro 403 (no HTTP 5xx, no dropped socket)',
    );
    const shapes = await recordedShapes(database.db, results);
    for (const r of results) {
      const shape = shapes.get(r.threeDSServerTransID);
      if (r.kind === 'ares') assert.equal(shape, 'complete', `ARes'd ${r.acsTransID} is in the database whole`);
      else assert.notEqual(shape, 'partial', 'an Erro 403 left no half transaction');
    }
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await sendAReq(server.url, pan(0))).kind, 'ares', 'answers again without a restart');
  });

  test('transactions locked for 12 s: Erro 403 within seconds, /readyz 503 then 200, ARes after the release', async () => {
    const lock = await lockTable(database.url ?? '', 'transactions');
    const lockedAt = performance.now();
    let released = false;
    try {
      const [areqs, unready] = await Promise.all([
        Promise.all([0, 1, 2, 3].map((i) => sendAReq(server.url, pan(i)))),
        secondsUntilStatus(`${server.url}/readyz`, 503, 10_000),
      ]);
      console.log(
        `# locked: AReq answers after ${areqs.map((a) => (a.ms / 1000).toFixed(2)).join(', ')} s; readyz 503 after ${unready?.toFixed(2)} s`,
      );
      for (const a of areqs) {
        assert.equal(a.kind, 'erro_403');
        // The issue's deadline is ~2 s; asserted with a generous margin for a loaded 2-core test machine.
        assert.ok(a.ms < 5000, `Erro 403 after ${a.ms} ms`);
      }
      assert.ok(unready !== undefined && unready < 4, `readyz 503 after ${unready} s (deadline 2 s, margin for load)`);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200, 'liveness holds while the database is stuck');
      const left = 12_000 - (performance.now() - lockedAt);
      if (left > 0) await new Promise((r) => setTimeout(r, left));
      await lock.release();
      released = true;
      const ready = await secondsUntilStatus(`${server.url}/readyz`, 200, 10_000);
      console.log(`# released: readyz 200 after ${ready?.toFixed(2)} s`);
      assert.ok(ready !== undefined, 'readyz 200 again without a restart');
      assert.equal((await sendAReq(server.url, pan(0))).kind, 'ares');
    } finally {
      if (!released) await lock.release();
    }
  });
});
