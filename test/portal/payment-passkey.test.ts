import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDialect } from '../support/databases.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { passkeyCodeFor, passkeyTermsInForce } from '../support/passkeys.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { SoftAuthenticator } from '../support/soft-authenticator.ts';
import { PortalClient, seedPortalMember } from './support.ts';

interface CreationOptions {
  challenge: string;
  authenticatorSelection: { authenticatorAttachment?: string };
  extensions?: { payment?: { isPayment: boolean } };
}

function optionsOf(html: string): CreationOptions {
  const json = /<script type="application\/json" id="webauthn-options">([^<]*)<\/script>/.exec(html)?.[1];
  if (!json) throw new Error('no WebAuthn options on the page');
  return JSON.parse(json);
}

forEachDialect('payment passkey opt-in at registration (issue 21, SPC)', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb());
    await passkeyTermsInForce(getDb().db);
  });
  after(async () => {
    await server.close();
  });

  /** Registers a passkey through the portal, ticking (or not) the SPC opt-in beside the code. */
  async function register(payment: boolean) {
    const { db } = getDb();
    const holder = await seedPortalMember(db, server.keys);
    await server.server.deps.ranges.load();
    const client = new PortalClient(server.url);
    await client.signIn(holder.enetId);
    await client.get('/enet/terms');
    await client.post('/enet/terms/accept', { version: 'terms_passkeys', agree: '1' });
    await client.get('/enet/passkeys');
    assert.equal((await client.post('/enet/passkeys/start', {})).status, 303);
    const codePage = await client.get('/enet/passkeys/confirm');
    assert.match(codePage.html, /このパスキーをお店での支払い確認（SPC）にも使う/);
    assert.doesNotMatch(codePage.html, /id="payment"[^>]*checked/, 'the opt-in starts unticked');
    const code = await passkeyCodeFor(db, server.keys, holder.phone);
    const confirmed = await client.post('/enet/passkeys/confirm', { code, ...(payment ? { payment: '1' } : {}) });
    assert.equal(confirmed.location, '/enet/passkeys/register');
    const page = await client.follow(confirmed);
    const options = optionsOf(page.html);
    const authenticator = new SoftAuthenticator(new URL(server.url).origin);
    // The finish post cannot opt in: only the ceremony's own choice counts.
    const done = await client.post('/enet/passkeys/register', {
      name: '私のスマホ',
      credential: authenticator.register(options.challenge),
      payment: '1',
    });
    assert.equal(done.status, 303);
    const list = await client.follow(done);
    const passkey = await db
      .selectFrom('passkeys')
      .select('id')
      .where('enet_id', '=', holder.enetId)
      .executeTakeFirstOrThrow();
    const spc = await db.selectFrom('spc_credentials').selectAll().where('passkey_id', '=', passkey.id).execute();
    const audit = await db
      .selectFrom('audit_log')
      .select('after')
      .where('subject_id', '=', holder.enetId)
      .where('action', '=', 'portal.passkey.registered')
      .executeTakeFirstOrThrow();
    return { holder, page, options, list, spc, audit: audit.after as { payment?: boolean } };
  }

  async function spcAReq(pan: string) {
    const body = browserAReq(
      pan,
      { threeDSRequestorSpcSupport: 'Y', payeeOrigin: 'https://shop.example.com' },
      '2.3.1',
    );
    const { json } = await postAReq(server.url, body);
    return json as Record<string, unknown>;
  }

  test('ticked: platform + payment extension asked, spc credential recorded, an SPC-capable 2.3.1 AReq gets S', async () => {
    const { holder, page, options, list, spc, audit } = await register(true);
    assert.match(page.html, /id="payment-chosen"/);
    assert.equal(options.authenticatorSelection.authenticatorAttachment, 'platform');
    assert.deepEqual(options.extensions?.payment, { isPayment: true });
    assert.equal(spc.length, 1, 'recorded as a payment passkey with the passkey');
    assert.equal(audit.payment, true);
    assert.match(list.html, /お支払い確認にも使用/);
    const ares = await spcAReq(holder.pan);
    assert.equal(ares.transStatus, 'S');
  });

  test('unticked (even with payment in the finish post): an ordinary passkey, and the AReq gets C', async () => {
    const { holder, page, options, list, spc, audit } = await register(false);
    assert.doesNotMatch(page.html, /id="payment-chosen"/);
    assert.equal(options.authenticatorSelection.authenticatorAttachment, undefined);
    assert.equal(options.extensions?.payment, undefined);
    assert.equal(spc.length, 0);
    assert.equal(audit.payment, false);
    assert.doesNotMatch(list.html, /お支払い確認にも使用/);
    const ares = await spcAReq(holder.pan);
    assert.equal(ares.transStatus, 'C');
  });
});
