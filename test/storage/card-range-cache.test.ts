import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { ManualClock } from '../../src/core/clock.ts';
import { CardRangeCache } from '../../src/features/issuer-api/card-ranges.ts';
import { ensureIssuer } from '../../src/features/issuer-api/issuers.ts';
import { deleteCardRange, putCardRange } from '../../src/features/issuer-api/range-admin.ts';
import { type Db, openDatabase } from '../../src/storage/database.ts';
import { panIn } from '../support/card-ranges.ts';
import { forEachDialect } from '../support/databases.ts';
import { ISSUER } from '../support/fixtures.ts';

/** Polls `check` every 50 ms; true as soon as it holds, false when `ms` passed first. */
async function within(ms: number, check: () => boolean | Promise<boolean>): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const NEVER = 3_600_000;

/**
 * src/features/issuer-api/card-ranges.ts on another "node": its own pool (PostgreSQL) or the one embedded instance
 * (PGlite). Each path that keeps it current is tested alone: the notification, the generation check, reconnects.
 */
forEachDialect('card range cache propagation', (getDb, dialect) => {
  let other: Db;
  const writer = () => ({ db: getDb().db, clock: new ManualClock(new Date()) });
  before(async () => {
    await ensureIssuer(getDb().db, ISSUER);
    const url = getDb().url;
    other = dialect === 'postgres' && url ? openDatabase({ kind: 'postgres', url, poolSize: 2 }) : getDb().db;
  });
  after(async () => {
    if (other !== getDb().db) await other.destroy();
  });

  test('a NOTIFY sent in the change transaction reloads another node (no periodic check)', async () => {
    const cache = new CardRangeCache(other);
    await cache.load();
    cache.startRefresh(undefined, NEVER);
    try {
      const pan = panIn('6011000', 1);
      await new Promise((r) => setTimeout(r, 300)); // the listener connects in the background
      await putCardRange(
        writer(),
        'notify_a',
        { startRange: '6011000000000000', endRange: '6011000999999999' },
        'test',
      );
      assert.ok(await within(3000, () => cache.rangeFor(pan)?.id === 'notify_a'), 'loaded after the NOTIFY');
      await deleteCardRange(writer(), 'notify_a', 'test');
      assert.ok(await within(3000, () => cache.rangeFor(pan) === undefined), 'gone after the NOTIFY');
    } finally {
      await cache.stop();
    }
  });

  test('a rolled-back change notifies nobody and leaves the generation alone', async () => {
    const before = await getDb().db.selectFrom('card_range_generation').select('generation').executeTakeFirstOrThrow();
    await assert.rejects(
      putCardRange(writer(), 'bad_overlap', { startRange: '4111110000000000', endRange: '4111110000000000' }, 'test'),
      (err: Error & { code?: string }) => err.code === 'range_overlap',
    );
    const afterRow = await getDb()
      .db.selectFrom('card_range_generation')
      .select('generation')
      .executeTakeFirstOrThrow();
    assert.equal(afterRow.generation, before.generation);
  });

  test('the generation check alone converges (a missed notification)', async () => {
    const cache = new CardRangeCache(other);
    await cache.load();
    // No listener at all: only the periodic comparison of the generation counter.
    const pan = panIn('6011001', 1);
    await putCardRange(writer(), 'gen_b', { startRange: '6011001000000000', endRange: '6011001999999999' }, 'test');
    assert.equal(cache.rangeFor(pan), undefined);
    await cache.checkGeneration();
    assert.equal(cache.rangeFor(pan)?.id, 'gen_b');
    await deleteCardRange(writer(), 'gen_b', 'test');
  });

  test('a failed reload keeps the loaded ranges and never throws', async () => {
    const url = dialect === 'postgres' ? getDb().url : undefined;
    if (!url) return; // PGlite: one instance, its failure is the whole process's (covered by the PostgreSQL run)
    const doomed = openDatabase({ kind: 'postgres', url, poolSize: 1 });
    const cache = new CardRangeCache(doomed);
    await cache.load();
    const pan = '4111115555555555';
    const loaded = cache.rangeFor(pan)?.id;
    assert.ok(loaded);
    await doomed.destroy();
    await cache.reload();
    await cache.checkGeneration();
    assert.equal(cache.rangeFor(pan)?.id, loaded);
  });

  test('the listener reconnects after its connection is killed, and then catches up', {
    skip: dialect !== 'postgres',
  }, async () => {
    const cache = new CardRangeCache(other);
    await cache.load();
    cache.startRefresh(undefined, NEVER);
    try {
      const listening = async () =>
        (
          await sql<{ pid: number }>`select pid from pg_stat_activity
            where datname = current_database() and query ilike 'listen%'`.execute(getDb().db)
        ).rows;
      assert.ok(await within(3000, async () => (await listening()).length > 0), 'listening');
      for (const { pid } of await listening()) await sql`select pg_terminate_backend(${pid})`.execute(getDb().db);
      // A change while nobody listens: missed, yet the reconnect reloads.
      const pan = panIn('6011002', 1);
      await putCardRange(
        writer(),
        'reconnect_c',
        { startRange: '6011002000000000', endRange: '6011002999999999' },
        'test',
      );
      assert.ok(await within(5000, () => cache.rangeFor(pan)?.id === 'reconnect_c'), 'caught up after reconnecting');
      await deleteCardRange(writer(), 'reconnect_c', 'test');
      assert.ok(await within(3000, () => cache.rangeFor(pan) === undefined), 'notifications flow again');
    } finally {
      await cache.stop();
    }
  });
});
