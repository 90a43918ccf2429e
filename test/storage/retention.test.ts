import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { RETENTION_DAYS, RetentionSweeper } from '../../src/infra/jobs/retention.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';

const DAY = 86_400_000;

forEachDialect('retention sweep', (getDb) => {
  test('deletes sign-in rows past their retention and keeps everything younger', async () => {
    const { db, masterKey } = getDb();
    const keys = await KeyRing.open(masterKey, keyStore(db));
    const { enetId } = await seedCardholder(db, keys);
    const clock = new ManualClock('2026-11-25T03:00:00Z');
    const now = clock.now().getTime();
    const ago = (days: number) => new Date(now - days * DAY);
    const session = (id: string, expiresDaysAgo: number, revokedDaysAgo?: number) => ({
      id_mac: `${id}-mac`,
      public_id: id,
      subject: enetId,
      created_at: ago(expiresDaysAgo + 1),
      last_seen_at: ago(expiresDaysAgo + 1),
      reauth_at: ago(expiresDaysAgo + 1),
      expires_at: ago(expiresDaysAgo),
      revoked_at: revokedDaysAgo === undefined ? null : ago(revokedDaysAgo),
    });
    const old = RETENTION_DAYS.sessions + 1;
    const recent = RETENTION_DAYS.sessions - 1;
    await db
      .insertInto('portal_sessions')
      .values([session('ps-old', old), session('ps-recent', recent), session('ps-revoked-old', -1, old)])
      .execute();
    await db
      .insertInto('console_sessions')
      .values([
        { ...session('cs-old', old), subject: 'op_x' },
        { ...session('cs-live', -1), subject: 'op_x' },
      ])
      .execute();
    const link = (id: string, expiresDaysAgo: number, usedDaysAgo?: number) => ({
      id,
      token_mac: `${id}-mac`,
      enet_id: enetId,
      purpose: 'reset' as const,
      created_at: ago(expiresDaysAgo + 1),
      expires_at: ago(expiresDaysAgo),
      used_at: usedDaysAgo === undefined ? null : ago(usedDaysAgo),
    });
    await db
      .insertInto('portal_links')
      .values([
        link('pl-old', RETENTION_DAYS.links + 1),
        link('pl-used-old', -1, RETENTION_DAYS.links + 1),
        link('pl-recent', RETENTION_DAYS.links - 1),
      ])
      .execute();
    await db
      .insertInto('rate_counters')
      .values([
        { key: 'k-old', window_start: ago(RETENTION_DAYS.rateCounters + 1), count: 3 },
        { key: 'k-today', window_start: ago(0), count: 1 },
      ])
      .execute();

    const sweeper = new RetentionSweeper(db, clock, createLogger('silent'));
    assert.deepEqual(await sweeper.sweep(), {
      portalSessions: 2,
      consoleSessions: 1,
      portalLinks: 2,
      rateCounters: 1,
      passkeyCeremonies: 0,
    });
    const ids = async (table: 'portal_sessions' | 'console_sessions') =>
      (await db.selectFrom(table).select('public_id').where('public_id', 'like', '%s-%').execute())
        .map((r) => r.public_id)
        .sort();
    assert.deepEqual(await ids('portal_sessions'), ['ps-recent']);
    assert.deepEqual(await ids('console_sessions'), ['cs-live']);
    const links = await db.selectFrom('portal_links').select('id').where('enet_id', '=', enetId).execute();
    assert.deepEqual(
      links.map((l) => l.id),
      ['pl-recent'],
    );
    const counters = await db.selectFrom('rate_counters').select('key').where('key', 'like', 'k-%').execute();
    assert.deepEqual(
      counters.map((c) => c.key),
      ['k-today'],
    );
    assert.deepEqual(await sweeper.sweep(), {
      portalSessions: 0,
      consoleSessions: 0,
      portalLinks: 0,
      rateCounters: 0,
      passkeyCeremonies: 0,
    });
  });
});
