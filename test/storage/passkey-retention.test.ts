import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { newEmvId, newId } from '../../src/infra/ids.ts';
import { RETENTION_DAYS, RetentionSweeper } from '../../src/infra/jobs/retention.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import { insertPasskey } from '../../src/storage/repositories/passkeys.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';

const DAY = 86_400_000;

/** Passkey ceremonies leave with the retention sweep a month after they end, except approvals (docs/passkeys.md). */
forEachDialect('retention sweep: passkey ceremonies', (getDb) => {
  test('ended and expired ceremonies go after 30 days; open, recent and purchase-approving ones stay', async () => {
    const { db, masterKey } = getDb();
    const keys = await KeyRing.open(masterKey, keyStore(db));
    const { enetId } = await seedCardholder(db, keys);
    const clock = new ManualClock('2026-11-25T03:00:00Z');
    const ago = (days: number) => new Date(clock.now().getTime() - days * DAY);
    const passkeyId = newId('pk');
    await insertPasskey(db, {
      id: passkeyId,
      enetId,
      credentialMac: keys.mac('passkey', passkeyId),
      credentialEnc: keys.encrypt(passkeyId, 'passkey'),
      publicKey: 'cHVibGlj',
      counter: 0,
      transports: 'internal',
      name: '私のスマホ',
      at: ago(100),
    });
    const old = RETENTION_DAYS.passkeyCeremonies + 1;
    const recent = RETENTION_DAYS.passkeyCeremonies - 1;
    const ceremony = (
      id: string,
      kind: 'registration' | 'authentication',
      end: { expiredDaysAgo: number; usedDaysAgo?: number; approved?: boolean },
    ) => ({
      id,
      kind,
      enet_id: enetId,
      session_mac: kind === 'registration' ? 'session-mac' : null,
      acs_trans_id: kind === 'authentication' ? newEmvId() : null,
      challenge: 'Y2hhbGxlbmdl',
      created_at: ago(end.expiredDaysAgo + 1),
      expires_at: ago(end.expiredDaysAgo),
      used_at: end.usedDaysAgo === undefined ? null : ago(end.usedDaysAgo),
      passkey_id: end.approved ? passkeyId : null,
    });
    await db
      .insertInto('passkey_ceremonies')
      .values([
        ceremony('reg-expired-old', 'registration', { expiredDaysAgo: old }),
        ceremony('reg-done-old', 'registration', { expiredDaysAgo: old, usedDaysAgo: old, approved: true }),
        ceremony('reg-recent', 'registration', { expiredDaysAgo: recent, usedDaysAgo: recent, approved: true }),
        ceremony('reg-open', 'registration', { expiredDaysAgo: -1 }),
        ceremony('auth-unused-old', 'authentication', { expiredDaysAgo: old }),
        ceremony('auth-superseded-old', 'authentication', { expiredDaysAgo: -1, usedDaysAgo: old }),
        ceremony('auth-approved-old', 'authentication', { expiredDaysAgo: old, usedDaysAgo: old, approved: true }),
        ceremony('auth-recent', 'authentication', { expiredDaysAgo: recent }),
      ])
      .execute();

    const sweeper = new RetentionSweeper(db, clock, createLogger('silent'));
    assert.equal((await sweeper.sweep()).passkeyCeremonies, 4);
    const left = await db.selectFrom('passkey_ceremonies').select('id').where('enet_id', '=', enetId).execute();
    assert.deepEqual(left.map((r) => r.id).sort(), ['auth-approved-old', 'auth-recent', 'reg-open', 'reg-recent']);
    const passkey = await db.selectFrom('passkeys').select('id').where('id', '=', passkeyId).executeTakeFirst();
    assert.ok(passkey, 'the passkey itself is never swept');
    assert.equal((await sweeper.sweep()).passkeyCeremonies, 0);
  });
});
