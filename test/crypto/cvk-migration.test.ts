import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { verifyCavv } from '../../src/infra/crypto/cavv.ts';
import { cvkFor, issueCavv } from '../../src/infra/crypto/cavv-keys.ts';
import { kcv } from '../../src/infra/crypto/cvk-material.ts';
import { KeyRing } from '../../src/infra/crypto/keyring.ts';
import * as m0014 from '../../src/storage/migrations/0014_cvk_ceremony.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import { createTestDatabase, forEachDialect, type TestDatabase } from '../support/databases.ts';

const PAN = '4111111111111111';

forEachDialect('migration 0014 adopts the key ring CVKs', (getDb) => {
  test('the newest key-ring CVK becomes active in its slot, the newest of the other parity retiring; CAVVs still verify', async () => {
    const { db, masterKey } = getDb();
    const before = await KeyRing.open(masterKey, keyStore(db));
    const underV1 = issueCavv(before, PAN, 'authenticated');
    // As before this branch: a second key-ring CVK version (slot 02), then migration 0014 runs over both.
    const v2 = randomBytes(16);
    await m0014.down(db as never);
    await db
      .insertInto('data_keys')
      .values({ purpose: 'cvk', version: 2, wrapped: before.wrapCvk('2', v2) })
      .execute();
    const underV2 = issueCavv(
      {
        cvks: () => [
          {
            id: 'x',
            keyIndicator: 2,
            state: 'active',
            key: v2,
            kcv: '',
            activatedAt: null,
            retiringAt: null,
            graceEndsAt: null,
          },
        ],
      } as unknown as KeyRing,
      PAN,
      'authenticated',
    );
    await m0014.up(db as never);

    const after = await KeyRing.open(masterKey, keyStore(db));
    const rows = await db.selectFrom('cvk_keys').selectAll().orderBy('id').execute();
    assert.deepEqual(
      rows.map((r) => [r.id, r.key_indicator, r.state, r.origin]),
      [
        ['cvk_ring_1', 1, 'retiring', 'key_ring'],
        ['cvk_ring_2', 2, 'active', 'key_ring'],
      ],
    );
    assert.equal(rows[1]?.kcv, kcv(v2), 'the KCV is filled in when a node first loads the key');
    const grace = rows[0]?.grace_ends_at?.getTime() ?? 0;
    assert.ok(Math.abs(grace - (Date.now() + 30 * 86_400_000)) < 120_000);
    for (const issued of [underV1, underV2]) {
      const check = verifyCavv({ pan: PAN, ...issued, cvk: (ki) => cvkFor(after, ki) });
      assert.equal(check.valid, true);
    }
    assert.equal(Buffer.from(issueCavv(after, PAN, 'attempts').cavv, 'base64')[2], 2);
  });
});

const pgUrl = process.env.TEST_DATABASE_URL;

function cli(database: TestDatabase, args: string[], input = '') {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/app/cli/main.ts', ...args], {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      NINSHO_MASTER_KEY: database.masterKey.toString('base64'),
      LOG_LEVEL: 'error',
    },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

test('`npm run ninsho -- cvk …`: components on stdin, KCVs printed, activation by a second officer', {
  skip: pgUrl ? false : 'TEST_DATABASE_URL not set: PostgreSQL run skipped',
}, async () => {
  const database = await createTestDatabase('postgres');
  try {
    const begun = cli(database, ['cvk', 'begin', '--components', '2', '--officer', 'akiko']);
    assert.equal(begun.status, 0, begun.stderr);
    const id = begun.stdout.trim();
    const one = cli(database, ['cvk', 'component', id, '--officer', 'akiko'], '0123456789ABCDEF FEDCBA9876543210\n');
    assert.equal(one.status, 0, one.stderr);
    assert.match(one.stdout, /component 1 entered, KCV 08D7B4; 1 still to enter/);
    const same = cli(database, ['cvk', 'component', id, '--officer', 'akiko'], '11111111111111112222222222222222\n');
    assert.equal(same.status, 2);
    assert.match(same.stderr, /different officer/);
    const two = cli(database, ['cvk', 'component', id, '--officer', 'bunta'], '13131313131313132323232323232323\n');
    assert.equal(two.status, 0, two.stderr);
    const finished = cli(database, ['cvk', 'finish', id, '--officer', 'akiko']);
    assert.equal(finished.status, 0, finished.stderr);
    const m = /CVK (cvk_\w+) loaded in slot 02, KCV ([0-9A-F]{6})/.exec(finished.stdout);
    assert.ok(m, finished.stdout);
    const [, key, check] = m;
    const registered = cli(database, ['cvk', 'register', key!, '--reference', 'VSEC 77', '--officer', 'bunta']);
    assert.equal(registered.status, 0, registered.stderr);
    const refused = cli(database, ['cvk', 'activate', key!, '--officer', 'akiko']);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /second officer/);
    const activated = cli(database, ['cvk', 'activate', key!, '--officer', 'chie']);
    assert.equal(activated.status, 0, activated.stderr);
    const listed = cli(database, ['keys', 'list']);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`${key}\\t02\\tactive\\t${check}`));
    assert.match(listed.stdout, /cvk_ring_1\t01\tretiring/);
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('action', 'like', 'cvk.%')
      .execute();
    assert.ok(audit.some((a) => a.actor === 'cli:chie' && a.action === 'cvk.activated'));
    const all = JSON.stringify(await database.db.selectFrom('audit_log').selectAll().execute());
    assert.equal(/0123456789ABCDEF|13131313/i.test(all), false);
  } finally {
    await database.close();
  }
});
