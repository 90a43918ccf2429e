import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { verifyPassword } from '../../src/infra/crypto/password.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { makeOperator } from './support.ts';

const pgUrl = process.env.TEST_DATABASE_URL;

function cli(database: TestDatabase, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/app/cli/main.ts', 'operators', ...args], {
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

test('`npm run ninsho -- operators …`: list, reset-password (the way back for an admin), reset-totp', {
  skip: pgUrl ? false : 'TEST_DATABASE_URL not set: PostgreSQL run skipped',
}, async () => {
  const database = await createTestDatabase('postgres');
  try {
    const keys = await KeyRing.open(database.masterKey, keyStore(database.db));
    const admin = await makeOperator(database.db, keys, 'admin');
    const name = admin.principal.username;
    const row = () =>
      database.db.selectFrom('operators').selectAll().where('id', '=', admin.principal.id).executeTakeFirstOrThrow();

    const list = cli(database, 'list');
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`^${name}\\tadmin\\ttotp\\t-\\tactive$`, 'm'));

    const reset = cli(database, 'reset-password', name);
    assert.equal(reset.status, 0, reset.stderr);
    const lines = reset.stdout.trim().split('\n');
    assert.match(lines[0] ?? '', /shown once/);
    const temporary = lines[1] ?? '';
    assert.ok(temporary.length >= 12);
    const after = await row();
    assert.ok(await verifyPassword(temporary, after.password_hash));
    assert.ok(!(await verifyPassword(admin.password, after.password_hash)));
    assert.equal(after.password_must_change, true);
    assert.match(cli(database, 'list').stdout, new RegExp(`^${name}\\tadmin\\ttotp\\tmust-change\\tactive$`, 'm'));

    const totp = cli(database, 'reset-totp', name);
    assert.equal(totp.status, 0, totp.stderr);
    assert.equal((await row()).totp_secret_enc, null);

    const unknown = cli(database, 'reset-password', 'nobody-here');
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /no operator named nobody-here/);
    const missing = cli(database, 'reset-totp');
    assert.equal(missing.status, 2);

    const audits = await database.db
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('subject_id', '=', admin.principal.id)
      .where('action', 'like', 'console.operator_reset%')
      .orderBy('seq')
      .execute();
    assert.deepEqual(audits, [
      { actor: 'cli', action: 'console.operator_reset_password' },
      { actor: 'cli', action: 'console.operator_reset_totp' },
    ]);
  } finally {
    await database.close();
  }
});
