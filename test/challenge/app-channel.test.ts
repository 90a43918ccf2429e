import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { type AppEncryption, AppSdkSimulator, type AppVersion } from '../support/app-sdk-simulator.ts';
import { latestCode, wrongCode } from '../support/challenge-client.ts';
import { forEachDialect } from '../support/databases.ts';
import { type SeededCardholder, seedCardholder } from '../support/fixtures.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { DsPeer } from '../support/peers/ds-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

forEachDialect('app channel (deviceChannel 01) over HTTP', (getDb) => {
  let server: TestServer;
  let ds: DsPeer;
  const clock = new ManualClock(new Date());
  before(async () => {
    ds = await new DsPeer().start();
    server = await startTestServer(getDb(), { clock, env: { DS_RREQ_URL: ds.url } });
  });
  after(async () => {
    await server.close();
    await ds.stop();
  });

  async function cardholder(): Promise<SeededCardholder> {
    const holder = await seedCardholder(getDb().db, server.keys);
    await server.server.deps.ranges.load();
    return holder;
  }

  /** AReq → C, then the first CReq: the e-net ID screen, with the code sent by SMS. */
  async function opened(options: { version?: AppVersion; enc?: AppEncryption; locale?: string } = {}) {
    const holder = await cardholder();
    const sdk = new AppSdkSimulator(server.url, options);
    const { json: ares } = await sdk.areq(holder.pan);
    assert.equal(ares.transStatus, 'C');
    const first = await sdk.creq();
    assert.equal(first.encrypted, true);
    assert.equal(first.message.challengeCompletionInd, 'N');
    return { holder, sdk, first };
  }

  const code = (sdk: AppSdkSimulator) => latestCode(getDb().db, server.keys, sdk.acsTransID);
  const row = (sdk: AppSdkSimulator) =>
    getDb()
      .db.selectFrom('transactions')
      .selectAll()
      .where('acs_trans_id', '=', sdk.acsTransID)
      .executeTakeFirstOrThrow();
  async function acknowledged(sdk: AppSdkSimulator) {
    for (let i = 0; i < 100; i++) {
      const current = await row(sdk);
      if (current.state === 'result_acknowledged') return current;
      await new Promise((r) => setTimeout(r, 30));
    }
    return row(sdk);
  }
  const smsCount = async (sdk: AppSdkSimulator) =>
    (await getDb().db.selectFrom('sms_messages').select('id').where('acs_trans_id', '=', sdk.acsTransID).execute())
      .length;

  const cases: Array<[AppVersion, AppEncryption]> = [
    ['2.1.0', 'A128CBC-HS256'],
    ['2.2.0', 'A128GCM'],
    ['2.3.1', 'A128GCM'],
    ['2.3.1', 'A128CBC-HS256'],
  ];
  for (const [version, enc] of cases) {
    test(`${version} ${enc}: e-net ID, then the code → final CRes Y, RReq ECI 05 with a CAVV the issuer API accepts`, async () => {
      const { holder, sdk, first } = await opened({ version, enc });
      const ares = sdk.ares;
      assert.equal(ares.acsURL, undefined, 'acsURL is browser-only; the app learns it from acsSignedContent');
      assert.equal(ares.sdkTransID, sdk.sdkTransID);
      assert.equal((ares.acsRenderingType as unknown as Record<string, string>).acsInterface, '01');
      assert.equal(sdk.signedContent.acsURL, `${server.url}/3ds/challenge`);
      if (version === '2.3.1') {
        assert.deepEqual(ares.authenticationMethod, ['02']);
        assert.equal(ares.deviceInfoRecognisedVersion, '1.4');
        assert.equal(ares.threeDSRequestorAppURLInd, 'N');
      } else {
        assert.equal(ares.authenticationType, '02');
      }
      assert.equal(first.message.acsUiType, '01');
      assert.equal(first.message.challengeInfoHeader, 'ご本人確認');
      assert.equal(await smsCount(sdk), 1, 'the code goes by SMS at the first CReq');
      const second = await sdk.creq({ challengeDataEntry: holder.enetId });
      assert.equal(second.message.challengeCompletionInd, 'N');
      assert.equal(second.message.resendInformationLabel, 'SMS を再送信');
      const final = await sdk.creq({ challengeDataEntry: await code(sdk) });
      assert.equal(final.message.challengeCompletionInd, 'Y');
      assert.equal(final.message.transStatus, 'Y');
      const rreq = await ds.waitFor(sdk.acsTransID);
      assert.equal(rreq.body.transStatus, 'Y');
      assert.equal(rreq.body.eci, '05');
      assert.equal(rreq.body.interactionCounter, '03');
      assert.ok(rreq.body.acsRenderingType, 'the app RReq names the UI shown');
      if (version !== '2.1.0') assert.equal(rreq.body.sdkTransID, sdk.sdkTransID);
      const verify = await server.api('/api/v1/cavv/verify', {
        body: { pan: holder.pan, cavv: rreq.body.authenticationValue, eci: '05', acsTransID: sdk.acsTransID },
      });
      assert.deepEqual(await verify.json(), { valid: true, kind: 'authenticated', acsTransID: sdk.acsTransID });
      const stored = await acknowledged(sdk);
      assert.equal(stored.state, 'result_acknowledged', 'the DS answered the app RReq with a valid RRes');
      assert.match(stored.app_session_key_enc ?? '', /^e1\./, 'the session key is stored only encrypted');
    });
  }

  test('five wrong codes → N/19 and one RReq; each miss goes back to the e-net ID screen', async () => {
    const { holder, sdk } = await opened();
    const right = await code(sdk);
    for (let i = 0; i < 5; i++) {
      await sdk.creq({ challengeDataEntry: holder.enetId });
      const answer = await sdk.creq({ challengeDataEntry: wrongCode(right) });
      if (i < 4) {
        assert.equal(answer.message.challengeCompletionInd, 'N');
        assert.equal(answer.message.challengeInfoTextIndicator, 'Y');
        assert.match(String(answer.message.challengeInfoText), new RegExp(`あと ${4 - i} 回`));
        assert.equal(answer.message.challengeInfoLabel, 'e-net サービス ID');
      } else {
        assert.equal(answer.message.transStatus, 'N');
      }
    }
    const rreq = await ds.waitFor(sdk.acsTransID);
    assert.equal(rreq.body.transStatusReason, '19');
    assert.equal(ds.forTransaction(sdk.acsTransID).length, 1);
  });

  test('a right code after a wrong e-net ID still fails (both are checked together)', async () => {
    const { sdk } = await opened();
    await sdk.creq({ challengeDataEntry: 'someone-else' });
    const answer = await sdk.creq({ challengeDataEntry: await code(sdk) });
    assert.equal(answer.message.challengeCompletionInd, 'N');
    assert.equal((await row(sdk)).otp_failures, 1);
  });

  test('cancel → final CRes N, RReq challengeCancel 01', async () => {
    const { sdk } = await opened();
    const answer = await sdk.creq({ challengeCancel: '01' });
    assert.equal(answer.message.transStatus, 'N');
    const rreq = await ds.waitFor(sdk.acsTransID);
    assert.equal(rreq.body.challengeCancel, '01');
    assert.equal(rreq.body.transStatusReason, '01');
  });

  test('resend: refused within 60 s, then a new code; the old one no longer works', async () => {
    const { holder, sdk } = await opened();
    const old = await code(sdk);
    await sdk.creq({ challengeDataEntry: holder.enetId });
    const early = await sdk.creq({ resendChallenge: 'Y' });
    assert.match(String(early.message.challengeInfoText), /秒後/);
    assert.equal(await smsCount(sdk), 1);
    clock.advance(61_000);
    const resent = await sdk.creq({ resendChallenge: 'Y' });
    assert.match(String(resent.message.challengeInfoText), /新しいワンタイムパスワード/);
    assert.equal(await smsCount(sdk), 2);
    const fresh = await code(sdk);
    assert.notEqual(fresh, old);
    const final = await sdk.creq({ challengeDataEntry: fresh });
    assert.equal(final.message.transStatus, 'Y');
  });

  test('a replayed CReq (same counter) is refused with an encrypted Erro 302 and changes nothing', async () => {
    const { holder, sdk } = await opened();
    const before = await row(sdk);
    const replay = await sdk.post(sdk.lastJwe);
    assert.equal(replay.encrypted, true);
    assert.equal(replay.message.messageType, 'Erro');
    assert.equal(replay.message.errorCode, '302');
    assert.equal(replay.message.errorDetail, 'sdkCounterStoA');
    const afterReplay = await row(sdk);
    assert.equal(afterReplay.app_sdk_counter, before.app_sdk_counter);
    assert.equal(afterReplay.state, 'challenge_in_progress');
    await sdk.creq({ challengeDataEntry: holder.enetId });
    assert.equal((await sdk.creq({ challengeDataEntry: await code(sdk) })).message.transStatus, 'Y');
  });

  test('a tampered JWE or an unknown kid → plain Erro, state unchanged', async () => {
    const { holder, sdk } = await opened();
    const before = await row(sdk);
    const jwe = await sdk.encrypt(sdk.buildCReq({ challengeDataEntry: holder.enetId }));
    const parts = jwe.split('.');
    const ct = parts[3] ?? '';
    parts[3] = `${ct.slice(0, 5)}${ct[5] === 'A' ? 'B' : 'A'}${ct.slice(6)}`;
    const tampered = await sdk.post(parts.join('.'));
    assert.equal(tampered.encrypted, false);
    assert.match(tampered.contentType, /^application\/json/);
    assert.equal(tampered.message.errorCode, '302');
    const unknown = await sdk.post(await sdk.encrypt(sdk.buildCReq(), randomUUID()));
    assert.equal(unknown.encrypted, false);
    assert.equal(unknown.message.errorCode, '301');
    const garbage = await sdk.post('not a jwe');
    assert.equal(garbage.message.errorCode, '302');
    // A browser transaction (answered N: no open challenge whose RReq would reach this app-only DS peer).
    const browserHolder = await seedCardholder(getDb().db, server.keys, { enrolled: false });
    await server.server.deps.ranges.load();
    const browser = await postAReq(server.url, browserAReq(browserHolder.pan));
    const notApp = await sdk.post(await sdk.encrypt(sdk.buildCReq(), browser.json.acsTransID));
    assert.equal(notApp.message.errorCode, '305', 'a browser transaction has no app session');
    const after = await row(sdk);
    assert.deepEqual(
      [after.state, after.app_sdk_counter, after.app_step, after.otp_failures],
      [before.state, before.app_sdk_counter, before.app_step, before.otp_failures],
    );
    await sdk.creq({ challengeDataEntry: holder.enetId });
    assert.equal((await sdk.creq({ challengeDataEntry: await code(sdk) })).message.transStatus, 'Y');
  });

  test('concurrent copies of one CReq: exactly one is answered with a CRes', async () => {
    const { holder, sdk } = await opened();
    const jwe = await sdk.encrypt(sdk.buildCReq({ challengeDataEntry: holder.enetId }));
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        fetch(`${server.url}/3ds/challenge`, {
          method: 'POST',
          headers: { 'content-type': 'application/jose' },
          body: jwe,
        }),
      ),
    );
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]));
    const messages = await Promise.all(
      answers.map(async (a) => sdk.read(await a.text(), a.headers.get('content-type'))),
    );
    assert.equal(messages.filter((m) => m.messageType === 'CRes').length, 1);
    assert.equal(messages.filter((m) => m.messageType === 'Erro' && m.errorCode === '302').length, 9);
    assert.equal((await row(sdk)).app_sdk_counter, 2, 'the counter was taken once');
  });

  test('a CReq that decrypts but is invalid or names other ids → encrypted Erro, nothing changes', async () => {
    const { sdk } = await opened();
    const invalid = await sdk.post(await sdk.encrypt(sdk.buildCReq({ challengeDataEntry: 'x'.repeat(46) })));
    assert.equal(invalid.encrypted, true);
    assert.equal(invalid.message.errorCode, '203');
    assert.equal(invalid.message.errorDetail, 'challengeDataEntry');
    const other = await sdk.post(await sdk.encrypt(sdk.buildCReq({ sdkTransID: randomUUID() })));
    assert.equal(other.message.errorCode, '301');
    assert.equal(other.message.errorDetail, 'sdkTransID');
    const both = await sdk.post(await sdk.encrypt(sdk.buildCReq({ challengeCancel: '01', resendChallenge: 'Y' })));
    assert.equal(both.message.errorCode, '203');
    assert.equal((await row(sdk)).state, 'challenge_in_progress');
  });

  test('an English device locale gets English screens', async () => {
    const { first } = await opened({ locale: 'en-US' });
    assert.equal(first.message.challengeInfoHeader, 'Confirm it’s you');
    assert.equal(first.message.submitAuthenticationLabel, 'Next');
  });

  test('an SDK without the native text UI → N/03 (device not supported), no signed content', async () => {
    const holder = await cardholder();
    for (const options of [{ sdkInterface: '02' }, { sdkUiType: ['04', '05'] }]) {
      const sdk = new AppSdkSimulator(server.url, options);
      const { json } = await sdk.areq(holder.pan);
      assert.equal(json.transStatus, 'N');
      assert.equal(json.transStatusReason, '03');
      assert.equal(json.acsSignedContent, undefined);
      assert.equal(json.sdkTransID, sdk.sdkTransID);
    }
  });

  test('a 2.3.1 app ARes without a challenge still carries the app members', async () => {
    const holder = await seedCardholder(getDb().db, server.keys, { enrolled: false });
    await server.server.deps.ranges.load();
    const sdk = new AppSdkSimulator(server.url, { version: '2.3.1' });
    const { json } = await sdk.areq(holder.pan);
    assert.equal(json.transStatus, 'N');
    assert.equal(json.transStatusReason, '13');
    assert.equal(json.deviceInfoRecognisedVersion, '1.4');
  });

  test('a bad sdkEphemPubKey (point off the curve) → Erro 203 naming it', async () => {
    const holder = await cardholder();
    const sdk = new AppSdkSimulator(server.url);
    const jwk = sdk.sdkJwk();
    const y = Buffer.from(String(jwk.y), 'base64url');
    y[31] = (y[31] ?? 0) ^ 1;
    const { json } = await sdk.areq(holder.pan, { sdkEphemPubKey: { ...jwk, y: y.toString('base64url') } });
    assert.equal(json.messageType, 'Erro');
    assert.equal(json.errorCode, '203');
    assert.equal(json.errorDetail, 'sdkEphemPubKey');
    assert.equal(json.sdkTransID, sdk.sdkTransID);
  });

  test('no first CReq within 30 s → RReq N/14/05; a late CReq gets Erro 402', async () => {
    const holder = await cardholder();
    const sdk = new AppSdkSimulator(server.url);
    await sdk.areq(holder.pan);
    clock.advance(31_000);
    await server.server.sweeper.sweep();
    const rreq = await ds.waitFor(sdk.acsTransID);
    assert.equal(rreq.body.transStatusReason, '14');
    assert.equal(rreq.body.challengeCancel, '05');
    const late = await sdk.creq();
    assert.equal(late.encrypted, true);
    assert.equal(late.message.errorCode, '402');
  });

  test('a challenge open over 10 minutes ends N/14/04', async () => {
    const { sdk } = await opened();
    clock.advance(10 * 60_000 + 1000);
    await server.server.sweeper.sweep();
    const rreq = await ds.waitFor(sdk.acsTransID);
    assert.equal(rreq.body.challengeCancel, '04');
    assert.equal((await sdk.creq({ challengeDataEntry: 'x' })).message.errorCode, '402');
  });

  test('the browser ARes is unchanged: acsURL, no app members', async () => {
    const holder = await cardholder(); // its challenge is never ended here: no browser RReq reaches the app DS peer
    // Sent together, so both rows may share one group commit (the app row has more columns than the browser one).
    const sdk = new AppSdkSimulator(server.url);
    const [{ json }, app] = await Promise.all([postAReq(server.url, browserAReq(holder.pan)), sdk.areq(holder.pan)]);
    assert.equal(app.json.transStatus, 'C');
    const browserRow = await getDb()
      .db.selectFrom('transactions')
      .selectAll()
      .where('acs_trans_id', '=', String(json.acsTransID))
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [browserRow.app_session_key_enc, browserRow.app_sdk_counter, browserRow.app_lang],
      [null, null, null],
      'browser rows never fill the app columns',
    );
    assert.equal(json.transStatus, 'C');
    assert.equal(json.acsURL, `${server.url}/3ds/challenge`);
    assert.equal(json.acsSignedContent, undefined);
    assert.equal(json.acsRenderingType, undefined);
    assert.equal(json.sdkTransID, undefined);
  });
});
