import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/app/config.ts';
import { bootstrapConsole } from '../../src/features/console/service/operators.ts';
import { forEachDialect } from '../support/databases.ts';

// Several nodes starting together on an empty database (test/scaling/card-ranges-propagation.test.ts) all run the
// first-start bootstrap: every one must start, and the accounts exist once.
forEachDialect('console bootstrap on nodes starting together', (getDb) => {
  test('three concurrent first starts: all succeed, one admin and one of each demo operator', async () => {
    const { db } = getDb();
    await db.deleteFrom('operators').execute();
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'true' });
    const banners = await Promise.all([0, 1, 2].map(() => bootstrapConsole(db, config, new Date())));
    const rows = await db.selectFrom('operators').select('username').execute();
    const names = rows.map((r) => r.username).sort();
    assert.deepEqual(names, [...new Set(names)], 'no username twice');
    assert.ok(names.includes('admin'));
    const adminLines = banners.flat().filter((l) => l.includes('console admin'));
    assert.equal(adminLines.length, 1, 'the admin is announced by the start that created it');
  });
});
