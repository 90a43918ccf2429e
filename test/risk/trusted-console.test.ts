import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TRUSTED_NAME_CONTEXT } from '../../src/infra/crypto/seal-contexts.ts';
import { newId } from '../../src/infra/ids.ts';
import { insertTrustedMerchant } from '../../src/storage/repositories/trusted-merchants.ts';
import { ConsoleClient, makeOperator } from '../console/support.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

forEachDialect('console member page: trusted merchants (read-only)', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb());
  });
  after(() => server.close());

  test('the member page shows the count and the names, and offers no way to change them', async () => {
    const { db } = getDb();
    const holder = await seedCardholder(db, server.keys);
    const op = await makeOperator(db, server.keys, 'operator');
    const client = new ConsoleClient(server.url);
    await client.signIn(op.principal.username, op.password, op.secret);

    const none = await client.request(`/console/members/${holder.enetId}`);
    assert.equal(none.res.status, 200);
    assert.match(none.text, /信頼できるお店（0 件）/);

    for (const name of ['ニンショウ書店', 'Demo Electronics']) {
      const at = new Date();
      await insertTrustedMerchant(db, {
        id: newId('tmer', at.getTime()),
        enetId: holder.enetId,
        merchantMac: server.keys.mac('risk', `merchant:name:${name}`),
        merchantNameEnc: server.keys.encrypt(name, TRUSTED_NAME_CONTEXT),
        addedFrom: 'challenge',
        acsTransID: null,
        at,
      });
    }
    const page = await client.request(`/console/members/${holder.enetId}`);
    assert.match(page.text, /信頼できるお店（2 件）/);
    assert.match(page.text, /<table id="trusted-merchants">/);
    assert.ok(page.text.includes('ニンショウ書店') && page.text.includes('Demo Electronics'));
    assert.match(page.text, /本人認証の画面/);
    assert.doesNotMatch(page.text, /trusted-merchants\/[^"]*remove/, 'read-only');
    const en = await client.request(`/console/members/${holder.enetId}?lang=en`);
    assert.match(en.text, /Trusted merchants \(2\)/);
  });
});
