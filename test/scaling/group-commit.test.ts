import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { sql } from 'kysely';
import { type AReqRow, GroupCommit } from '../../src/storage/group-commit.ts';
import { forEachDialect } from '../support/databases.ts';

function rowsFor(acsTransID: string, at = new Date()): AReqRow {
  return {
    acs_trans_id: acsTransID,
    three_ds_server_trans_id: randomUUID(),
    ds_trans_id: null,
    sdk_trans_id: null,
    message_version: '2.2.0',
    device_channel: '02',
    message_category: '01',
    issuer_id: null,
    state: 'decided',
    created_at: at,
    updated_at: at,
    opening_state: 'decided',
    opening_detail: 'N',
    areq_body: JSON.stringify({ messageType: 'AReq', note: 'a "quoted" \\ {brace}, ç' }),
    ares_body: JSON.stringify({ messageType: 'ARes' }),
  };
}

forEachDialect('group commit of AReq rows', (getDb) => {
  const count = async (ids: string[]) =>
    (await getDb().db.selectFrom('transactions').select('acs_trans_id').where('acs_trans_id', 'in', ids).execute())
      .length;

  test('concurrent submissions share batches and each resolves once its rows are committed', async () => {
    const commits = new GroupCommit(getDb().db, { maxBatch: 3 });
    const ids = Array.from({ length: 7 }, () => randomUUID());
    await Promise.all(ids.map((id) => commits.submit(rowsFor(id))));
    assert.equal(await count(ids), 7);
    assert.equal(commits.stats.rows, 7);
    assert.ok(commits.stats.batches >= 3 && commits.stats.batches < 7, `batches: ${commits.stats.batches}`);
    const { db } = getDb();
    const messages = await db.selectFrom('message_log').select('body').where('acs_trans_id', 'in', ids).execute();
    assert.equal(messages.length, 14, 'the AReq/ARes pair of each, read from its transaction row');
    assert.ok(messages.some((m) => (m.body as { note?: string }).note === 'a "quoted" \\ {brace}, ç'));
    const events = await db.selectFrom('transaction_event_log').selectAll().where('acs_trans_id', 'in', ids).execute();
    assert.deepEqual(
      new Set(events.map((e) => `${e.id} ${e.from_state}→${e.to_state} ${e.detail}`)),
      new Set(['0 created→decided N']),
    );
    assert.equal(events.length, 7);
  });

  test('one bad row fails its whole batch: every waiter rejects and nothing of it is written', async () => {
    const commits = new GroupCommit(getDb().db);
    const taken = randomUUID();
    await commits.submit(rowsFor(taken));
    const fresh = [randomUUID(), randomUUID()];
    const results = await Promise.allSettled([
      commits.submit(rowsFor(fresh[0]!)),
      commits.submit(rowsFor(taken)),
      commits.submit(rowsFor(fresh[1]!)),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected', 'rejected'],
    );
    assert.equal(await count(fresh), 0);
    await commits.submit(rowsFor(randomUUID()));
    assert.equal(commits.stats.failures, 1);
    await commits.drain();
  });

  test('with the table locked, a submission is refused within its time and nothing of it is written', async () => {
    const { db } = getDb();
    const commits = new GroupCommit(db, { maxConcurrent: 1, timeoutMs: 300 });
    let holding: Promise<void> | undefined;
    const locked = new Promise<void>((resolve) => {
      // A stuck migration: `transactions` locked for a second (on PGlite this holds its only connection).
      holding = db.transaction().execute(async (trx) => {
        await sql`lock table transactions in access exclusive mode`.execute(trx);
        resolve();
        await new Promise((r) => setTimeout(r, 1000));
      });
    });
    await locked;
    const ids = [randomUUID(), randomUUID()];
    const first = commits.submit(rowsFor(ids[0]!));
    await new Promise((r) => setImmediate(r)); // its batch is cut and waits for the lock (the only slot)
    const results = await Promise.allSettled([first, commits.submit(rowsFor(ids[1]!))]);
    await holding;
    assert.equal(results[1]?.status, 'rejected', 'the submission that could not start a batch in time is refused');
    for (const [i, r] of results.entries()) {
      assert.equal(await count([ids[i]!]), r.status === 'fulfilled' ? 1 : 0, 'all or nothing per submission');
    }
    await commits.drain();
  });
});
