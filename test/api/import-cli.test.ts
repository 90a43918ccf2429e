import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ensureIssuer } from '../../src/features/issuer-api/issuers.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { ISSUER, testPan } from '../support/fixtures.ts';

const pgUrl = process.env.TEST_DATABASE_URL;

const cliEnv = (database: TestDatabase) => ({
  ...process.env,
  DATABASE_URL: database.url,
  NINSHO_MASTER_KEY: database.masterKey.toString('base64'),
  LOG_LEVEL: 'error',
});

const CLI = ['--import', 'tsx', 'src/app/cli/main.ts', 'import'];

test('CLI import killed with SIGKILL mid-file leaves whole lines only; the same --import-id finishes it exactly', {
  skip: pgUrl ? false : 'TEST_DATABASE_URL not set: PostgreSQL run skipped',
  timeout: 240_000,
}, async () => {
  const database = await createTestDatabase('postgres');
  const dir = mkdtempSync(join(tmpdir(), 'ninsho-import-cli-'));
  try {
    await ensureIssuer(database.db, ISSUER);
    const total = 6000;
    const lines = Array.from({ length: total }, (_, i) =>
      JSON.stringify({
        enetId: `cli_${i}`,
        name: '会員',
        email: `cli${i}@example.jp`,
        status: 'active',
        cards: [{ cardRef: `cli_${i}_a`, pan: testPan(), expiry: '3012', status: 'active' }],
      }),
    );
    const file = join(dir, 'members.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    // Killed as soon as the first batch's progress line appears (progress goes to stderr once a second).
    const child = spawn(process.execPath, [...CLI, file, '--import-id', 'killed', '--batch-lines', '200'], {
      env: cliEnv(database),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        if (d.toString().includes('killed: line')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => resolve());
    });
    await new Promise((r) => child.once('exit', r));
    const row = await database.db
      .selectFrom('imports')
      .selectAll()
      .where('id', '=', 'killed')
      .executeTakeFirstOrThrow();
    const members = await database.db.selectFrom('members').select('enet_id').execute();
    assert.equal(row.status, 'running', 'a killed import stays running until resumed');
    assert.ok(row.committed_line > 0 && row.committed_line < total, `killed at line ${row.committed_line}`);
    assert.equal(members.length, row.committed_line, 'exactly the committed lines, no half batch');
    assert.equal(row.created, row.committed_line);

    const resumed = spawnSync(process.execPath, [...CLI, file, '--import-id', 'killed', '--json'], {
      env: cliEnv(database),
      encoding: 'utf8',
      timeout: 180_000,
    });
    assert.equal(resumed.status, 0, resumed.stderr);
    const summary = JSON.parse(resumed.stdout.trim().split('\n').at(-1)!) as Record<string, number | string>;
    assert.equal(summary.status, 'completed');
    assert.equal(summary.created, total, 'created counts each line once over both runs');
    assert.equal(summary.cards, total - row.committed_line, 'the second run wrote only the rest');
    const cards = await database.db.selectFrom('cards').select('card_ref').execute();
    assert.equal(cards.length, total);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await database.close();
  }
});
