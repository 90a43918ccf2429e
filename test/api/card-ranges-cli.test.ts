import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { upsertCard, upsertMember } from '../../src/features/issuer-api/issuer-data.ts';
import { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import { panIn } from '../support/card-ranges.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const pgUrl = process.env.TEST_DATABASE_URL;

function cli(database: TestDatabase, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/app/cli/main.ts', 'ranges', ...args], {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      NINSHO_MASTER_KEY: database.masterKey.toString('base64'),
      LOG_LEVEL: 'error',
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

test('`npm run ninsho -- ranges list|put|delete`: audited as cli, overlap refused, delete needs --yes and counts cards', {
  skip: pgUrl ? false : 'TEST_DATABASE_URL not set: PostgreSQL run skipped',
}, async () => {
  const database = await createTestDatabase('postgres');
  try {
    // A fresh database that no service has started on: the CLI creates the issuer row itself.
    const put = cli(database, 'put', 'cli_r1', '--start', '4000000000000000', '--end', '4000009999999999');
    assert.equal(put.status, 0, put.stderr);
    assert.match(put.stdout, /created cli_r1/);
    assert.match(
      cli(database, 'put', 'cli_r1', '--start', '4000000000000000', '--end', '4000009999999999').stdout,
      /unchanged/,
    );
    const overlap = cli(database, 'put', 'cli_r2', '--start', '4000005000000000000', '--end', '4000005000000000999');
    assert.equal(overlap.status, 2);
    assert.match(overlap.stderr, /overlaps card range cli_r1/);
    const bad = cli(database, 'put', 'cli_r3', '--start', '400000000000000', '--end', '4000000000000009');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /endRange/);
    assert.match(cli(database, 'list').stdout, /^cli_r1\t4000000000000000\t4000009999999999$/m);

    const keys = await KeyRing.open(database.masterKey, keyStore(database.db));
    const deps = { db: database.db, keys, clock: new ManualClock(new Date()) };
    await upsertMember(deps, 'cli_m', { name: 'CLI 太郎', email: 'c@example.jp', status: 'active' }, 'test');
    await upsertCard(
      deps,
      'cli_c',
      { enetId: 'cli_m', pan: panIn('4000001', 9), expiry: '3012', status: 'active' },
      'test',
    );

    const unconfirmed = cli(database, 'delete', 'cli_r1');
    assert.equal(unconfirmed.status, 2);
    assert.match(unconfirmed.stdout, /1 active card\(s\)/);
    assert.match(unconfirmed.stdout, /--yes/);
    assert.equal((await database.db.selectFrom('card_ranges').select('id').execute()).length, 1, 'still there');
    const deleted = cli(database, 'delete', 'cli_r1', '--yes');
    assert.equal(deleted.status, 0, deleted.stderr);
    assert.match(deleted.stdout, /deleted cli_r1/);
    assert.equal(cli(database, 'delete', 'cli_r1', '--yes').status, 1, 'unknown range');

    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('subject_id', '=', 'cli_r1')
      .orderBy('seq')
      .execute();
    assert.deepEqual(audit, [
      { action: 'card_range.create', actor: 'cli' },
      { action: 'card_range.delete', actor: 'cli' },
    ]);
  } finally {
    await database.close();
  }
});
