import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { DEFAULT_DATABASE_TIMEOUTS } from '../../src/storage/database.ts';
import { ChallengeClient, latestCode } from '../support/challenge-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { lockTable } from '../support/db-faults.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * An RReq the DS already has is never sent again because the database could not record it at that moment (a
 * failover, a locked table): the Patroni failover measurement (test/reliability/failover.reliability.ts) saw
 * two RReqs delivered twice when the leader's Patroni was killed. Here `transactions` is locked for 2.5 s the
 * moment the DS receives the RReq, so recording the reply fails on lock_timeout for a while.
 */
describe('RReq recorded after delivery, even while the database fails', {
  skip: process.env.TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL not set: the fault needs PostgreSQL',
}, () => {
  let database: TestDatabase;
  let server: TestServer;
  let ds: LockingDs;
  const clock = new ManualClock(new Date());

  before(async () => {
    database = await createTestDatabase('postgres', { timeouts: { ...DEFAULT_DATABASE_TIMEOUTS, lockMs: 200 } });
    ds = await new LockingDs(database.url ?? '').start();
    server = await startTestServer(database, { clock, env: { DS_RREQ_URL: ds.url } });
  });
  after(async () => {
    await server?.close();
    await ds?.stop();
    await database?.close();
  });

  test('delivered once, acknowledged once the table is free', async () => {
    const holder = await seedCardholder(database.db, server.keys);
    await server.server.deps.ranges.load();
    const client = new ChallengeClient(server.url);
    assert.equal((await client.areq(holder.pan)).transStatus, 'C');
    await client.creq();
    ds.lockNext = true;
    await client.submit(holder.enetId, await latestCode(database.db, server.keys, client.acsTransID));
    assert.equal(client.finalCRes()?.transStatus, 'Y');
    await ds.released;
    // Every retry a failed record would have scheduled is due now; the worker looks again.
    for (let i = 0; i < 4; i++) {
      clock.advance(120_000);
      server.server.deps.worker.kick();
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(ds.received.filter((id) => id === client.acsTransID).length, 1, 'the DS got the RReq once');
    const txn = await database.db
      .selectFrom('transactions')
      .select('state')
      .where('acs_trans_id', '=', client.acsTransID)
      .executeTakeFirstOrThrow();
    assert.equal(txn.state, 'result_acknowledged');
  });
});

/** A DS simulator that, when told, locks `transactions` for 2.5 s just before it answers the RReq. */
class LockingDs {
  readonly received: string[] = [];
  lockNext = false;
  released: Promise<void> = Promise.resolve();
  #server: Server | undefined;
  url = '';

  constructor(private readonly databaseUrl: string) {}

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      let data = '';
      req.on('data', (d: Buffer) => {
        data += d.toString();
      });
      req.on('end', async () => {
        const body = JSON.parse(data) as Record<string, string>;
        this.received.push(body.acsTransID ?? '');
        if (this.lockNext) {
          this.lockNext = false;
          const lock = await lockTable(this.databaseUrl, 'transactions');
          this.released = new Promise((r) => setTimeout(r, 2500)).then(() => lock.release());
        }
        const rres = {
          messageType: 'RRes',
          messageVersion: body.messageVersion,
          threeDSServerTransID: body.threeDSServerTransID,
          acsTransID: body.acsTransID,
          dsTransID: body.dsTransID,
          resultsStatus: '01',
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rres));
      });
    });
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/rreq`;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.#server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
}
