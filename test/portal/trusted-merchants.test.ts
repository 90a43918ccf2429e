import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TRUSTED_NAME_CONTEXT } from '../../src/infra/crypto/seal-contexts.ts';
import { newId } from '../../src/infra/ids.ts';
import { insertTrustedMerchant } from '../../src/storage/repositories/trusted-merchants.ts';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { auditActions, PortalClient, seedPortalMember } from './support.ts';

forEachDialect('portal trusted merchants (issue #20 item 5)', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb());
  });
  after(() => server.close());

  /** What a ticked challenge box leaves (test/risk/trusted-challenge.test.ts drives the real one). */
  async function trust(enetId: string, name: string, at = new Date('2026-11-30T16:30:00Z')): Promise<string> {
    const id = newId('tmer', at.getTime());
    await insertTrustedMerchant(getDb().db, {
      id,
      enetId,
      merchantMac: server.keys.mac('risk', `merchant:name:${name}:${id}`),
      merchantNameEnc: server.keys.encrypt(name, TRUSTED_NAME_CONTEXT),
      addedFrom: 'challenge',
      acsTransID: null,
      at,
    });
    return id;
  }

  const idsOf = async (enetId: string) =>
    (await getDb().db.selectFrom('trusted_merchants').select('id').where('enet_id', '=', enetId).execute()).map(
      (r) => r.id,
    );

  test('the home page links to the list; the list shows each name and the day added in JST', async () => {
    const holder = await seedPortalMember(getDb().db, server.keys);
    const client = new PortalClient(server.url);
    await client.signIn(holder.enetId);
    const home = await client.get('/enet');
    assert.match(home.html, /href="\/enet\/trusted-merchants"/);
    const empty = await client.get('/enet/trusted-merchants');
    assert.equal(empty.status, 200);
    assert.match(empty.html, /登録したお店はありません/);

    // 2026-11-30 16:30 UTC is 2026-12-01 01:30 JST.
    await trust(holder.enetId, 'ニンショウ書店');
    const list = await client.get('/enet/trusted-merchants');
    assert.match(list.html, /ニンショウ書店/);
    assert.match(list.html, /2026年12月1日/);
    const en = await client.get('/enet/trusted-merchants?lang=en');
    assert.match(en.html, /Trusted shops/);
  });

  test('remove: a confirm page, then a CSRF-checked POST that deletes and audits', async () => {
    const holder = await seedPortalMember(getDb().db, server.keys);
    const keep = await trust(holder.enetId, 'Keep Shop');
    const id = await trust(holder.enetId, 'Gone Shop');
    const client = new PortalClient(server.url);
    await client.signIn(holder.enetId);
    const list = await client.get('/enet/trusted-merchants');
    assert.ok(list.html.includes(`/enet/trusted-merchants/${id}/remove`));

    const confirm = await client.get(`/enet/trusted-merchants/${id}/remove`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.html, /「Gone Shop」を信頼できるお店から外します/);
    assert.deepEqual((await idsOf(holder.enetId)).sort(), [id, keep].sort(), 'the confirm page changes nothing');

    const forged = await client.post(`/enet/trusted-merchants/${id}/remove`, { confirm: '1' }, { csrf: 'forged' });
    assert.equal(forged.status, 403);
    const noOrigin = await client.post(`/enet/trusted-merchants/${id}/remove`, { confirm: '1' }, { origin: null });
    assert.equal(noOrigin.status, 403);
    await client.get(`/enet/trusted-merchants/${id}/remove`);
    assert.equal((await idsOf(holder.enetId)).length, 2, 'refused posts change nothing');

    const removed = await client.post(`/enet/trusted-merchants/${id}/remove`, { confirm: '1' });
    assert.equal(removed.status, 303);
    const after = await client.follow(removed);
    assert.match(after.html, /信頼できるお店から外しました/);
    assert.ok(!after.html.includes('Gone Shop'));
    assert.ok(after.html.includes('Keep Shop'));
    assert.deepEqual(await idsOf(holder.enetId), [keep]);
    assert.ok((await auditActions(getDb().db, holder.enetId)).includes('portal.trusted_merchant.removed'));

    const again = await client.post(`/enet/trusted-merchants/${id}/remove`, { confirm: '1' });
    assert.equal(again.status, 404, 'already removed');
  });

  test("another member's id, an unknown or malformed id → 404 and nothing removed", async () => {
    const owner = await seedPortalMember(getDb().db, server.keys);
    const other = await seedPortalMember(getDb().db, server.keys);
    const id = await trust(owner.enetId, 'Owner Shop');
    const client = new PortalClient(server.url);
    await client.signIn(other.enetId);
    await client.get('/enet/trusted-merchants');
    assert.equal((await client.get(`/enet/trusted-merchants/${id}/remove`)).status, 404);
    await client.get('/enet/trusted-merchants');
    assert.equal((await client.post(`/enet/trusted-merchants/${id}/remove`, { confirm: '1' })).status, 404);
    await client.get('/enet/trusted-merchants');
    assert.equal((await client.post('/enet/trusted-merchants/tmer_unknown/remove', { confirm: '1' })).status, 404);
    await client.get('/enet/trusted-merchants');
    assert.equal((await client.post('/enet/trusted-merchants/x%27%3B/remove', { confirm: '1' })).status, 404);
    assert.deepEqual(await idsOf(owner.enetId), [id]);
    assert.ok(!(await auditActions(getDb().db, other.enetId)).includes('portal.trusted_merchant.removed'));
  });

  test('signed out: the list redirects to sign-in', async () => {
    const res = await new PortalClient(server.url).get('/enet/trusted-merchants');
    assert.equal(res.status, 303);
    assert.match(res.location ?? '', /\/enet\/login/);
  });
});
