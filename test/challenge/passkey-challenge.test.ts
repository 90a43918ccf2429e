import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { applyEnrollmentEvent } from '../../src/features/enrollment/enrollment.ts';
import { validateMessage } from '../../src/protocol/validate.ts';
import { withTransaction } from '../../src/storage/database.ts';
import { approvingPasskey } from '../../src/storage/repositories/passkeys.ts';
import { ChallengeClient, latestCode } from '../support/challenge-client.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { seedPasskey } from '../support/passkeys.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

forEachDialect('passkey in the browser challenge over HTTP (issue 21)', (getDb) => {
  let server: TestServer;
  let ds: DsPeer;
  before(async () => {
    ds = await new DsPeer().start();
    server = await startTestServer(getDb(), { env: { DS_RREQ_URL: ds.url } });
  });
  after(async () => {
    await server.close();
    await ds.stop();
  });

  async function challenged(version: '2.2.0' | '2.3.1' = '2.2.0', withPasskey = true) {
    const { db } = getDb();
    const holder = await seedCardholder(db, server.keys);
    const authenticator = withPasskey
      ? await seedPasskey(db, server.keys, { enetId: holder.enetId, publicUrl: server.url })
      : undefined;
    await server.server.deps.ranges.load();
    const client = new ChallengeClient(server.url);
    assert.equal((await client.areq(holder.pan, version)).transStatus, 'C');
    const res = await client.creq('05', version);
    assert.equal(res.status, 200);
    return { holder, client, authenticator };
  }

  function windowPath(html: string): string {
    const path = /id="passkey-open"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*id="passkey-open"/.exec(html);
    const found = path?.[1] ?? path?.[2];
    if (!found) throw new Error('no passkey offer on the page');
    return found;
  }

  async function windowPage(path: string) {
    const res = await fetch(`${server.url}${path}`);
    const html = await res.text();
    const json = /<script type="application\/json" id="webauthn-options">([^<]*)<\/script>/.exec(html)?.[1];
    return { res, html, options: json ? JSON.parse(json) : undefined };
  }

  async function postAssertion(path: string, credential: string) {
    return fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: new URLSearchParams({ credential }).toString(),
      redirect: 'manual',
    });
  }

  async function smsCount(acsTransID: string): Promise<number> {
    const rows = await getDb()
      .db.selectFrom('sms_messages')
      .select('id')
      .where('acs_trans_id', '=', acsTransID)
      .execute();
    return rows.length;
  }

  async function done(path: string): Promise<boolean> {
    return ((await (await fetch(`${server.url}${path}/status`)).json()) as { done: boolean }).done;
  }

  for (const version of ['2.2.0', '2.3.1'] as const) {
    test(`${version}: the passkey approves in our window; the frame moves on to Y, ECI 05, a CAVV that verifies, one RReq`, async () => {
      const { db } = getDb();
      const { holder, client, authenticator } = await challenged(version);
      assert.match(client.html, /パスキーで認証/);
      assert.match(client.html, /<button[^>]*name="sms"[^>]*>SMS で認証する<\/button>/);
      assert.doesNotMatch(client.html, /name="otp"/, 'no code form before the member asks for SMS');
      assert.equal(await smsCount(client.acsTransID), 0, 'no SMS while the passkey is offered');
      const path = windowPath(client.html);
      assert.equal(await done(path), false);
      const window = await windowPage(path);
      assert.equal(window.res.status, 200);
      assert.match(window.res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
      assert.equal(window.options.userVerification, 'required');
      assert.deepEqual(
        window.options.allowCredentials.map((c: { id: string }) => c.id),
        [authenticator?.id],
      );
      const approved = await postAssertion(path, authenticator!.assert(window.options.challenge));
      assert.equal(approved.status, 303);
      const counterUsed = authenticator!.counter;
      assert.equal(await done(path), true);
      assert.match((await windowPage(path)).html, /認証しました/);
      const replay = await postAssertion(path, authenticator!.assert(window.options.challenge));
      assert.equal(replay.status, 200, 'a second post approves nothing: the window only says it is done');
      assert.match(await replay.text(), /認証しました/);

      await client.post({ token: client.token, passkey: '1' });
      const cres = client.finalCRes();
      assert.equal(cres?.transStatus, 'Y');
      const rreq = await ds.waitFor(client.acsTransID);
      assert.equal(rreq.body.transStatus, 'Y');
      assert.equal(rreq.body.eci, '05');
      if (version === '2.3.1') assert.deepEqual(rreq.body.authenticationMethod, ['13']);
      else assert.equal(rreq.body.authenticationType, '02');
      assert.deepEqual(
        validateMessage(rreq.body, {
          messageType: 'RReq',
          messageVersion: version,
          context: { deviceChannel: '02', messageCategory: '01' },
        }),
        { ok: true },
      );
      const verify = await server.api('/api/v1/cavv/verify', {
        body: { pan: holder.pan, cavv: rreq.body.authenticationValue, eci: '05', acsTransID: client.acsTransID },
      });
      assert.deepEqual(await verify.json(), { valid: true, kind: 'authenticated', acsTransID: client.acsTransID });
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(ds.forTransaction(client.acsTransID).length, 1, 'RReq once');
      assert.equal(await smsCount(client.acsTransID), 0, 'a passkey approval sends no SMS ever');
      const passkey = await db
        .selectFrom('passkeys')
        .selectAll()
        .where('enet_id', '=', holder.enetId)
        .executeTakeFirstOrThrow();
      assert.ok(passkey.last_used_at);
      assert.equal(Number(passkey.counter), counterUsed, 'the counter moved to the approving assertion');
      // terms art. 5-3 case evidence reads which passkey approved the purchase
      const approver = await approvingPasskey(db, client.acsTransID);
      assert.equal(approver?.name, '私のスマホ');
      assert.ok(approver?.approved_at);
    });
  }

  test('SMS stays one tap away: 「SMS で認証する」 sends the first code, then the code path authenticates', async () => {
    const { holder, client } = await challenged();
    const pending = await client.post({ token: client.token, passkey: '1' });
    assert.equal(pending.status, 200);
    assert.match(client.html, /パスキーでの認証はまだ完了していません/);
    assert.equal(await smsCount(client.acsTransID), 0);
    await client.submit(holder.enetId, '000000');
    assert.match(client.html, /あと 4 回/, 'a code posted before any was sent counts as a wrong one');
    await client.post({ token: client.token, sms: '1' });
    assert.equal(await smsCount(client.acsTransID), 1, 'the tap sends the code');
    assert.match(client.html, /<details class="sms" open="">/);
    assert.match(client.html, /name="otp"/);
    assert.match(client.html, /パスキーで認証/, 'the passkey stays offered');
    await client.post({ token: client.token, sms: '1' });
    assert.equal(await smsCount(client.acsTransID), 1, 'a second tap is a resend: 60 s apart');
    assert.match(client.html, /再送信は \d+ 秒後/);
    const code = await latestCode(getDb().db, server.keys, client.acsTransID);
    await client.submit(holder.enetId, code === '000000' ? '111111' : '000000');
    assert.match(client.html, /あと 3 回/, 'sending the first code reset no attempt cap');
    await client.submit(holder.enetId, code);
    assert.equal(client.finalCRes()?.transStatus, 'Y');
    const rreq = await ds.waitFor(client.acsTransID);
    assert.equal(rreq.body.authenticationType, '02');
  });

  test("another member's passkey is refused; a wrong origin and no user verification too", async () => {
    const { db } = getDb();
    const { client, authenticator } = await challenged();
    const stranger = await seedCardholder(db, server.keys);
    const strangers = await seedPasskey(db, server.keys, { enetId: stranger.enetId, publicUrl: server.url });
    const path = windowPath(client.html);
    const { options } = await windowPage(path);
    const theirs = await postAssertion(path, strangers.assert(options.challenge));
    assert.equal(theirs.status, 403);
    assert.match(await theirs.text(), /このカードの本人認証には使えません/);
    const phished = await postAssertion(
      path,
      authenticator!.assert(options.challenge, { origin: 'https://evil.example' }),
    );
    assert.equal(phished.status, 400);
    const noUv = await postAssertion(path, authenticator!.assert(options.challenge, { userVerified: false }));
    assert.equal(noUv.status, 400);
    assert.equal((await postAssertion(path, '{}')).status, 400);
    assert.equal(await done(path), false, 'the challenge is still open');
    const txn = await db
      .selectFrom('transactions')
      .select('state')
      .where('acs_trans_id', '=', client.acsTransID)
      .executeTakeFirstOrThrow();
    assert.equal(txn.state, 'challenge_in_progress');
  });

  test('refused after a lost/stolen lock: the challenge ended N / 12, the passkey disabled, the window says ended', async () => {
    const { db } = getDb();
    const { holder, client, authenticator } = await challenged();
    const path = windowPath(client.html);
    const { options } = await windowPage(path);
    await withTransaction(db, (trx) =>
      applyEnrollmentEvent(trx, {
        enetId: holder.enetId,
        event: { type: 'lost_stolen_reported' },
        actor: `member:${holder.enetId}`,
        at: new Date(),
      }),
    );
    const refused = await postAssertion(path, authenticator!.assert(options.challenge));
    assert.equal(refused.status, 403, 'a disabled passkey (and a locked member) approves nothing');
    const passkey = await db
      .selectFrom('passkeys')
      .select('disabled_reason')
      .where('enet_id', '=', holder.enetId)
      .executeTakeFirstOrThrow();
    assert.equal(passkey.disabled_reason, 'enrollment:lost_stolen_reported');
  });

  test('no offer without a passkey, and none under terms that do not describe passkeys', async () => {
    const { client } = await challenged('2.2.0', false);
    assert.doesNotMatch(client.html, /passkey-open/);
  });
});
