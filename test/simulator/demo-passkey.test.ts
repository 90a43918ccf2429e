import assert from 'node:assert/strict';
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DEMO_ONLY_PASSKEY } from '../../demo/seed/demo-passkey.ts';
import { newChallenge, relyingPartyOf, verifyAssertion } from '../../src/features/passkeys/webauthn.ts';
import { forEachDialect } from '../support/databases.ts';
import { type DemoServer, startDemoServer } from './harness.ts';

forEachDialect('demo member with a passkey (issue 21)', (getDb) => {
  let demo: DemoServer;
  before(async () => {
    demo = await startDemoServer(getDb());
  });
  after(() => demo.server.close());

  test('花子 holds the demo-only passkey, stored as a registered one; its published key signs for it', async () => {
    const rows = await getDb()
      .db.selectFrom('passkeys')
      .selectAll()
      .where('enet_id', '=', DEMO_ONLY_PASSKEY.enetId)
      .execute();
    assert.equal(rows.length, 1);
    const row = rows[0]!;
    assert.equal(row.credential_mac, demo.server.keys.mac('passkey', DEMO_ONLY_PASSKEY.credentialId));
    assert.equal(demo.server.keys.decrypt(row.credential_enc, 'passkey'), DEMO_ONLY_PASSKEY.credentialId);
    assert.equal(row.disabled_at, null);
    const others = await getDb()
      .db.selectFrom('passkeys')
      .select('enet_id')
      .where('enet_id', '!=', 'demo-hanako')
      .execute();
    assert.deepEqual(others, [], 'only the one demo member has a passkey');

    // What Chromium's virtual authenticator signs after importing the key (README): the stored public key verifies it.
    const rp = relyingPartyOf({ PUBLIC_URL: demo.server.url, ISSUER_NAME: 'demo' });
    const challenge = newChallenge();
    const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge, origin: rp.origin }));
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(1);
    const authData = Buffer.concat([createHash('sha256').update(rp.id).digest(), Buffer.from([0x05]), counter]);
    const key = createPrivateKey({
      key: Buffer.from(DEMO_ONLY_PASSKEY.privateKeyPkcs8, 'base64'),
      format: 'der',
      type: 'pkcs8',
    });
    const signature = sign('sha256', Buffer.concat([authData, createHash('sha256').update(clientData).digest()]), key);
    const id = DEMO_ONLY_PASSKEY.credentialId;
    const verified = await verifyAssertion(
      rp,
      {
        id,
        rawId: id,
        type: 'public-key',
        response: {
          clientDataJSON: clientData.toString('base64url'),
          authenticatorData: authData.toString('base64url'),
          signature: signature.toString('base64url'),
        },
        clientExtensionResults: {},
      },
      challenge,
      { credentialId: id, publicKey: row.public_key, counter: Number(row.counter), transports: ['internal'] },
    );
    assert.deepEqual(verified, { newCounter: 1 });
  });
});
