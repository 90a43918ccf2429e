import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KeyRing } from '../../src/infra/crypto/keyring.ts';
import type { Db } from '../../src/storage/database.ts';
import { forEachDialect } from '../support/databases.ts';
import { passkeyTermsInForce } from '../support/passkeys.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { SoftAuthenticator } from '../support/soft-authenticator.ts';
import { auditActions, PortalClient, seedPortalMember } from './support.ts';

/** The newest SMS of a purpose sent to a number, decrypted (as the phone would read it). */
async function lastSms(db: Db, keys: KeyRing, phone: string, purpose: string): Promise<string> {
  const row = await db
    .selectFrom('sms_messages')
    .select('body_enc')
    .where('to_mac', '=', keys.mac('phone', phone))
    .where('purpose', '=', purpose)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? keys.decrypt(row.body_enc, 'sms') : '';
}

function optionsOf(html: string): {
  challenge: string;
  rp: { id: string };
  authenticatorSelection: { userVerification: string };
  attestation: string;
} {
  const json = /<script type="application\/json" id="webauthn-options">([^<]*)<\/script>/.exec(html)?.[1];
  if (!json) throw new Error('no WebAuthn options on the page');
  return JSON.parse(json);
}

forEachDialect('portal passkeys (issue 21)', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb());
  });
  after(async () => {
    await server.close();
  });

  const termsCoveringPasskeys = () => passkeyTermsInForce(getDb().db);

  /** Signs in, accepts the terms in force, confirms the SMS code and returns the creation page. */
  async function upToCreation(client: PortalClient, holder: { enetId: string; phone: string }) {
    const { db } = getDb();
    await client.signIn(holder.enetId);
    await client.get('/enet/terms');
    await client.post('/enet/terms/accept', { version: 'terms_passkeys', agree: '1' });
    await client.get('/enet/passkeys');
    const started = await client.post('/enet/passkeys/start', {});
    assert.equal(started.status, 303);
    const codePage = await client.follow(started);
    assert.match(codePage.html, /SMS で 6 桁の確認コードを送りました/);
    const code = /パスキー登録の確認コード(\d{6})/.exec(
      await lastSms(db, server.keys, holder.phone, 'passkey_registration'),
    )?.[1];
    assert.ok(code, 'the code went to the registered phone');
    const wrong = await client.post('/enet/passkeys/confirm', { code: code === '000000' ? '111111' : '000000' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.html, /確認コードが正しくありません（あと 4 回）/);
    const confirmed = await client.post('/enet/passkeys/confirm', { code });
    assert.equal(confirmed.location, '/enet/passkeys/register');
    return client.follow(confirmed);
  }

  test('no passkey before terms that describe them are in force and accepted', async () => {
    const { db } = getDb();
    const holder = await seedPortalMember(db, server.keys);
    const client = new PortalClient(server.url);
    await client.signIn(holder.enetId);
    const list = await client.get('/enet/passkeys');
    assert.equal(list.status, 200);
    assert.match(list.html, /登録したパスキーはありません/);
    const refused = await client.post('/enet/passkeys/start', {});
    assert.equal(refused.status, 409);
    assert.match(refused.html, /パスキーについて定めた利用規約が施行されてから/);
    await termsCoveringPasskeys();
    const notAccepted = await client.post('/enet/passkeys/start', {});
    assert.equal(notAccepted.status, 409);
    assert.match(notAccepted.html, /現在の利用規約への同意が必要です/);
    const direct = await client.get('/enet/passkeys/register');
    assert.equal(direct.status, 409, 'no creation options without a confirmed code');
  });

  test('register: password, SMS code, then the authenticator; stored as MAC + sealed; email, SMS, audit; remove', async () => {
    const { db } = getDb();
    await termsCoveringPasskeys();
    const holder = await seedPortalMember(db, server.keys);
    const client = new PortalClient(server.url);
    const page = await upToCreation(client, holder);
    assert.equal(page.status, 200);
    const csp = (await fetch(`${server.url}/enet/passkeys`)).headers.get('content-security-policy') ?? '';
    assert.doesNotMatch(csp, /script-src/, 'only the creation page runs a script');
    const options = optionsOf(page.html);
    assert.equal(options.rp.id, new URL(server.url).hostname);
    assert.equal(options.authenticatorSelection.userVerification, 'required');
    assert.equal(options.attestation, 'none');
    const authenticator = new SoftAuthenticator(new URL(server.url).origin);

    const noName = await client.post('/enet/passkeys/register', {
      name: ' ',
      credential: authenticator.register(options.challenge),
    });
    assert.equal(noName.status, 400);
    assert.match(noName.html, /id="name-error"/);
    const phished = await client.post('/enet/passkeys/register', {
      name: '私のスマホ',
      credential: authenticator.register(options.challenge, { origin: 'https://evil.example' }),
    });
    assert.equal(phished.status, 400, 'a response made for another origin is refused');
    const noUv = await client.post('/enet/passkeys/register', {
      name: '私のスマホ',
      credential: authenticator.register(options.challenge, { userVerified: false }),
    });
    assert.equal(noUv.status, 400, 'user verification is required');
    const garbage = await client.post('/enet/passkeys/register', { name: '私のスマホ', credential: '{"id":1}' });
    assert.equal(garbage.status, 400);

    const credential = authenticator.register(options.challenge);
    const done = await client.post('/enet/passkeys/register', { name: '私のスマホ', credential });
    assert.equal(done.status, 303);
    const list = await client.follow(done);
    assert.match(list.html, /パスキーを登録しました/);
    assert.match(list.html, /私のスマホ/);
    assert.match(list.html, /まだ使われていません/);
    const replay = await client.post('/enet/passkeys/register', { name: 'もう一つ', credential });
    assert.equal(replay.status, 400, 'the ceremony is single use');

    const row = await db
      .selectFrom('passkeys')
      .selectAll()
      .where('enet_id', '=', holder.enetId)
      .executeTakeFirstOrThrow();
    assert.equal(row.credential_mac, server.keys.mac('passkey', authenticator.id));
    assert.notEqual(row.credential_enc, authenticator.id);
    assert.equal(server.keys.decrypt(row.credential_enc, 'passkey'), authenticator.id);
    assert.equal(row.disabled_at, null);
    assert.match(await lastSms(db, server.keys, holder.phone, 'passkey_added'), /パスキーが登録されました/);
    const email = await db
      .selectFrom('emails')
      .select(['subject', 'purpose'])
      .where('purpose', '=', 'portal_passkey_added')
      .executeTakeFirstOrThrow();
    assert.match(email.subject, /パスキーを登録しました/);
    const actions = await auditActions(db, holder.enetId);
    for (const a of ['portal.passkey.code_sent', 'portal.passkey.code_confirmed', 'portal.passkey.registered'])
      assert.ok(actions.includes(a), a);

    const other = new PortalClient(server.url);
    const stranger = await seedPortalMember(db, server.keys);
    await other.signIn(stranger.enetId);
    await other.get('/enet/passkeys');
    const notTheirs = await other.post(`/enet/passkeys/${row.id}/remove`, {});
    assert.equal(notTheirs.status, 404, "another member's passkey cannot be removed");

    await client.get('/enet/passkeys');
    const removed = await client.post(`/enet/passkeys/${row.id}/remove`, {});
    assert.equal(removed.status, 303);
    assert.match((await client.follow(removed)).html, /パスキーを削除しました/);
    assert.ok((await auditActions(db, holder.enetId)).includes('portal.passkey.removed'));
    const after = await db
      .selectFrom('passkeys')
      .select(['disabled_at', 'disabled_reason'])
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    assert.ok(after.disabled_at);
    assert.equal(after.disabled_reason, 'member_removed');
    const en = await client.get('/enet/passkeys?lang=en');
    assert.match(en.html, /Passkeys/);
  });

  test('a lost/stolen report disables every passkey of the member', async () => {
    const { db } = getDb();
    await termsCoveringPasskeys();
    const holder = await seedPortalMember(db, server.keys);
    const client = new PortalClient(server.url);
    const page = await upToCreation(client, holder);
    const authenticator = new SoftAuthenticator(new URL(server.url).origin);
    const done = await client.post('/enet/passkeys/register', {
      name: 'ノート PC',
      credential: authenticator.register(optionsOf(page.html).challenge),
    });
    assert.equal(done.status, 303);
    await client.get('/enet/lost');
    assert.equal((await client.post('/enet/lost', { confirm: '1' })).status, 303);
    const row = await db
      .selectFrom('passkeys')
      .selectAll()
      .where('enet_id', '=', holder.enetId)
      .executeTakeFirstOrThrow();
    assert.ok(row.disabled_at);
    assert.equal(row.disabled_reason, 'enrollment:lost_stolen_reported');
  });
});
