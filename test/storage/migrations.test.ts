import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/storage/database.ts';
import { migrateToLatest, migrationsDone } from '../../src/storage/migrator.ts';

const pgUrl = process.env.TEST_DATABASE_URL;

test('two nodes migrating one fresh PostgreSQL at once apply each migration once', {
  skip: pgUrl ? false : 'TEST_DATABASE_URL not set: PostgreSQL run skipped',
}, async () => {
  const admin = openDatabase({ kind: 'postgres', url: pgUrl!, poolSize: 1 });
  const name = `ninsho_mig_${process.pid}`;
  await sql.raw(`drop database if exists ${name} with (force)`).execute(admin);
  await sql.raw(`create database ${name}`).execute(admin);
  const url = new URL(pgUrl!);
  url.pathname = `/${name}`;
  const a = openDatabase({ kind: 'postgres', url: url.toString() });
  const b = openDatabase({ kind: 'postgres', url: url.toString() });
  try {
    const [ra, rb] = await Promise.all([migrateToLatest(a), migrateToLatest(b)]);
    const applied = [...ra, ...rb];
    assert.equal(new Set(applied).size, applied.length, 'no migration ran twice');
    assert.ok(await migrationsDone(a));
    const rows = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(a);
    assert.equal(rows.rows[0]?.n, applied.length);
  } finally {
    await a.destroy();
    await b.destroy();
    await sql.raw(`drop database if exists ${name} with (force)`).execute(admin);
    await admin.destroy();
  }
});
