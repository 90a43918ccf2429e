import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { jstDateOf } from '../../src/core/investigation/jst-date.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { issueLeaf, makeCa } from '../support/test-ca.ts';
import { ConsoleClient, makeOperator } from './support.ts';

const DAY = 86_400_000;

/** The dashboard names the ACS signing certificate's notAfter (JST) and days left to admins within 30 days. */
describe(`console: ACS signing certificate expiry banner [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  const clock = new ManualClock(new Date());
  let notAfter: Date;
  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ninsho-banner-'));
    const ca = makeCa('CN=Test DS CA,C=JP');
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    notAfter = new Date(Math.floor((clock.now().getTime() + 10 * DAY + 3_600_000) / 1000) * 1000);
    writeFileSync(join(dir, 'acs.key'), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, 'acs.crt'), issueLeaf(ca, keys.publicKey, 'CN=acs.example.jp,C=JP', notAfter) + ca.pem);
    database = await createTestDatabase(primaryDialect());
    server = await startTestServer(database, {
      clock,
      env: { ACS_SIGNING_KEY_FILE: join(dir, 'acs.key'), ACS_SIGNING_CERT_FILE: join(dir, 'acs.crt') },
    });
  });
  after(async () => {
    await server?.close();
    await database?.close();
  });

  /** Signs a new operator in; the dashboard in Japanese and in English. */
  async function dashboards(role: 'admin' | 'operator') {
    const op = await makeOperator(database.db, server.keys, role);
    const client = new ConsoleClient(server.url);
    await client.signIn(op.principal.username, op.password, op.secret, clock.now());
    return { ja: (await client.request('/console')).text, en: (await client.request('/console?lang=en')).text };
  }

  test('10 days left: admins see it in Japanese (JST date) or English; other roles do not', async () => {
    const { ja, en } = await dashboards('admin');
    assert.match(ja, /id="signing-certificate-expiry" class="notice info"/);
    assert.match(ja, new RegExp(`有効期限は ${jstDateOf(notAfter)} \\d\\d:\\d\\d JST、残り 10 日`));
    assert.match(ja, /CN=acs\.example\.jp/);
    assert.match(en, /expires at \d{4}-\d\d-\d\d \d\d:\d\d JST, in 10 days/);
    assert.doesNotMatch((await dashboards('operator')).ja, /signing-certificate-expiry/);
  });

  test('past notAfter: red (alert) and says it expired', async () => {
    clock.advance(11 * DAY);
    const { ja, en } = await dashboards('admin');
    assert.match(ja, /id="signing-certificate-expiry" class="notice alert" role="alert"/);
    assert.match(ja, /有効期限が .* JST に切れています/);
    assert.match(en, /expired at .* JST/);
  });
});
