import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { sql } from 'kysely';
import { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';

const pgUrl = process.env.TEST_DATABASE_URL;

function auditVerify(database: TestDatabase) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/app/cli/main.ts', 'audit', 'verify'], {
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

test('`npm run ninsho -- audit verify` passes an intact chain and names the first tampered row', {
  skip: pgUrl ? false : 'TEST_DATABASE_URL not set: PostgreSQL run skipped',
}, async () => {
  const database = await createTestDatabase('postgres');
  try {
    const keys = await KeyRing.open(database.masterKey, keyStore(database.db));
    await seedCardholder(database.db, keys);
    await seedCardholder(database.db, keys);
    const intact = auditVerify(database);
    assert.equal(intact.status, 0, intact.stderr);
    const rows = await database.db.selectFrom('audit_log').select(['seq', 'id']).orderBy('seq').execute();
    const victim = rows[3]!;
    await sql`alter table audit_log disable trigger user`.execute(database.db);
    await sql`update audit_log set reason = 'edited by hand' where seq = ${victim.seq}`.execute(database.db);
    await sql`alter table audit_log enable trigger user`.execute(database.db);
    const broken = auditVerify(database);
    assert.equal(broken.status, 1);
    assert.match(broken.stdout + broken.stderr, new RegExp(victim.id));
  } finally {
    await database.close();
  }
});
