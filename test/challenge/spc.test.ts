import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { applyEnrollmentEvent } from '../../src/features/enrollment/enrollment.ts';
import { validateMessage } from '../../src/protocol/validate.ts';
import { withTransaction } from '../../src/storage/database.ts';
import { approvingPasskey } from '../../src/storage/repositories/passkeys.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import type { SoftAuthenticator } from '../support/soft-authenticator.ts';
import { type SpcShown, seedSpcPasskey } from '../support/spc-authenticator.ts';

const MERCHANT = 'https://shop.example.com';
/** Every ARes also goes through the validator in postAReq; these say it where the S and the Y are checked. */
const ARES_231 = {
  messageType: 'ARes',
  messageVersion: '2.3.1',
  context: { deviceChannel: '02', messageCategory: '01' },
} as const;

interface SpcAnswer {
  acsTransID: string;
  transStatus: string;
  spcTransData: Record<string, string>;
  webAuthnCredList: { rpID: string; credentialIds: string }[];
}

forEachDialect('Secure Payment Confirmation over the AReq (issue 21, EMV 3DS 2.3.1)', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb());
  });
  after(async () => {
    await server.close();
  });

  const rpId = () => new URL(server.url).hostname;

  async function member(withPasskey = true) {
    const { db } = getDb();
    const holder = await seedCardholder(db, server.keys);
    const authenticator = withPasskey
      ? await seedSpcPasskey(db, server.keys, { enetId: holder.enetId, publicUrl: server.url })
      : undefined;
    await server.server.deps.ranges.load();
    return { holder, authenticator };
  }

  async function areq(pan: string, overrides: Record<string, unknown> = {}, version: '2.2.0' | '2.3.1' = '2.3.1') {
    const body = browserAReq(pan, { threeDSRequestorSpcSupport: 'Y', payeeOrigin: MERCHANT, ...overrides }, version);
    if (version !== '2.3.1') {
      delete body.threeDSRequestorSpcSupport;
      delete body.payeeOrigin;
    }
    const { json } = await postAReq(server.url, body);
    return json as unknown as SpcAnswer & Record<string, unknown>;
  }

  /** What the browser shows from an spcTransData (and writes into clientDataJSON.payment). */
  function shown(data: Record<string, string>): SpcShown {
    return {
      rpId: rpId(),
      topOrigin: MERCHANT,
      payeeOrigin: data.payeeOrigin,
      payeeName: data.payeeName,
      total: { currency: data.currency ?? '', value: data.value ?? '' },
      instrument: { displayName: data.displayName ?? '', icon: data.icon ?? '', iconMustBeShown: false },
    };
  }

  /** What a merchant's page gets from SPC: the PublicKeyCredential JSON with clientDataJSON of type payment.get. */
  function spc(
    authenticator: SoftAuthenticator,
    challenge: string,
    origin: string,
    payment: SpcShown,
    opts: { userVerified?: boolean; type?: string } = {},
  ): Record<string, unknown> {
    return JSON.parse(authenticator.assert(challenge, { origin, payment, type: 'payment.get', ...opts }));
  }

  /** The second AReq, carrying the SPC assertion for the ARes S `offer`. */
  function result(offer: SpcAnswer, assertion: unknown, overrides: Record<string, unknown> = {}) {
    return {
      threeDSRequestorAuthenticationInfo: [
        { threeDSReqAuthMethod: '09', threeDSReqAuthTimestamp: '202612051200', threeDSReqAuthData: assertion },
      ],
      threeDSRequestorPriorAuthenticationInfo: [{ threeDSReqPriorRef: offer.acsTransID }],
      ...overrides,
    };
  }

  test('S with spcTransData for a member with a passkey; the assertion brought back is Y, ECI 05, CAVV, method 14', async () => {
    const { db } = getDb();
    const { holder, authenticator } = await member();
    const offer = await areq(holder.pan);
    assert.equal(offer.transStatus, 'S');
    assert.deepEqual(validateMessage(offer, ARES_231), { ok: true }, 'ARes S against fields.json');
    assert.equal(offer.acsURL, undefined, 'S carries no acsURL');
    assert.equal(offer.eci, undefined);
    assert.deepEqual(offer.webAuthnCredList, [{ rpID: rpId(), credentialIds: authenticator!.id }]);
    const data = offer.spcTransData;
    assert.equal(data.currency, 'JPY');
    assert.equal(data.value, '3980');
    assert.equal(data.payeeOrigin, MERCHANT);
    assert.equal(data.timeout, '300000');
    assert.match(data.displayName ?? '', new RegExp(`•••• ${holder.pan.slice(-4)}$`));
    assert.ok(!(data.displayName ?? '').includes(holder.pan.slice(0, 6)), 'the card number is masked');
    assert.match(data.challenge ?? '', /^[A-Za-z0-9_-]{43}$/);

    const assertion = spc(authenticator!, data.challenge ?? '', MERCHANT, shown(data));
    const final = await areq(holder.pan, result(offer, assertion));
    assert.equal(final.transStatus, 'Y');
    assert.deepEqual(validateMessage(final, ARES_231), { ok: true }, 'the final ARes against fields.json');
    assert.equal(final.eci, '05');
    assert.deepEqual(final.authenticationMethod, ['14']);
    const verify = await server.api('/api/v1/cavv/verify', {
      body: { pan: holder.pan, cavv: final.authenticationValue, eci: '05', acsTransID: final.acsTransID },
    });
    assert.deepEqual(await verify.json(), { valid: true, kind: 'authenticated', acsTransID: final.acsTransID });
    const passkey = await db
      .selectFrom('passkeys')
      .selectAll()
      .where('enet_id', '=', holder.enetId)
      .executeTakeFirstOrThrow();
    assert.equal(Number(passkey.counter), 1);
    assert.ok(passkey.last_used_at);
    // terms art. 5-3 evidence names the passkey for the purchase it approved
    assert.equal((await approvingPasskey(db, final.acsTransID))?.name, 'SPC の端末');
    const rows = await db
      .selectFrom('transactions')
      .select(['acs_trans_id', 'state', 'trans_status'])
      .where('acs_trans_id', 'in', [offer.acsTransID, final.acsTransID])
      .execute();
    assert.deepEqual(rows.map((r) => `${r.state}/${r.trans_status}`).sort(), ['decided/S', 'decided/Y']);

    // single use: the same challenge brought back again (even freshly signed) gets the ordinary challenge
    const replay = await areq(
      holder.pan,
      result(offer, spc(authenticator!, data.challenge ?? '', MERCHANT, shown(data))),
    );
    assert.equal(replay.transStatus, 'C');
  });

  test('the assertion may also come in threeDSRequestorPriorAuthenticationInfo (method 05), as JSON text', async () => {
    const { holder, authenticator } = await member();
    const offer = await areq(holder.pan);
    const assertion = spc(authenticator!, offer.spcTransData.challenge ?? '', MERCHANT, shown(offer.spcTransData));
    const final = await areq(holder.pan, {
      threeDSRequestorPriorAuthenticationInfo: [
        {
          threeDSReqPriorAuthMethod: '05',
          threeDSReqPriorRef: offer.acsTransID,
          threeDSReqPriorAuthData: JSON.stringify(assertion),
        },
      ],
    });
    assert.equal(final.transStatus, 'Y');
    assert.deepEqual(final.authenticationMethod, ['14']);
  });

  test('no S: no passkey, no SPC support, 2.2.0, or SPC reported incomplete (spcIncompInd) — a challenge', async () => {
    const { holder } = await member(false);
    assert.equal((await areq(holder.pan)).transStatus, 'C');
    const { holder: plain } = await member(false);
    await seedSpcPasskey(getDb().db, server.keys, { enetId: plain.enetId, publicUrl: server.url, payment: false });
    assert.equal((await areq(plain.pan)).transStatus, 'C', 'a passkey made without the payment extension: no S');
    const { holder: other, authenticator } = await member();
    assert.equal((await areq(other.pan, { threeDSRequestorSpcSupport: undefined })).transStatus, 'C');
    assert.equal((await areq(other.pan, {}, '2.2.0')).transStatus, 'C');
    const offer = await areq(other.pan);
    assert.equal(offer.transStatus, 'S');
    const incomplete = await areq(other.pan, {
      spcIncompInd: '02',
      threeDSRequestorPriorAuthenticationInfo: [{ threeDSReqPriorRef: offer.acsTransID }],
    });
    assert.equal(incomplete.transStatus, 'C', 'the member cancelled SPC: the ordinary challenge, never S again');
    assert.ok(incomplete.acsURL);
    assert.ok(authenticator);
  });

  test('refused assertions fall back to the challenge: wrong origin, no user verification, wrong amount, type, RP or card', async () => {
    const { holder, authenticator } = await member();
    const cases: [string, (o: SpcAnswer) => Record<string, unknown>, Record<string, unknown>?][] = [
      [
        'origin',
        (o) => spc(authenticator!, o.spcTransData.challenge ?? '', 'https://evil.example', shown(o.spcTransData)),
      ],
      [
        'user verification',
        (o) =>
          spc(authenticator!, o.spcTransData.challenge ?? '', MERCHANT, shown(o.spcTransData), {
            userVerified: false,
          }),
      ],
      [
        'amount shown',
        (o) =>
          spc(authenticator!, o.spcTransData.challenge ?? '', MERCHANT, {
            ...shown(o.spcTransData),
            total: { currency: 'JPY', value: '1' },
          }),
      ],
      [
        'amount of the second AReq',
        (o) => spc(authenticator!, o.spcTransData.challenge ?? '', MERCHANT, shown(o.spcTransData)),
        { purchaseAmount: '99800' },
      ],
      [
        'type',
        (o) =>
          spc(authenticator!, o.spcTransData.challenge ?? '', MERCHANT, shown(o.spcTransData), {
            type: 'webauthn.get',
          }),
      ],
      [
        'RP id shown',
        (o) =>
          spc(authenticator!, o.spcTransData.challenge ?? '', MERCHANT, {
            ...shown(o.spcTransData),
            rpId: 'evil.example',
          }),
      ],
      [
        'card shown',
        (o) =>
          spc(authenticator!, o.spcTransData.challenge ?? '', MERCHANT, {
            ...shown(o.spcTransData),
            instrument: { displayName: 'other card', icon: '', iconMustBeShown: false },
          }),
      ],
      ['challenge', (o) => spc(authenticator!, 'A'.repeat(43), MERCHANT, shown(o.spcTransData))],
    ];
    for (const [what, assertion, extra] of cases) {
      const offer = await areq(holder.pan);
      assert.equal(offer.transStatus, 'S', what);
      const final = await areq(holder.pan, { ...result(offer, assertion(offer)), ...extra });
      assert.equal(final.transStatus, 'C', `a wrong ${what} approves nothing`);
      // and the challenge was spent by the failed try
      const again = await areq(
        holder.pan,
        result(offer, spc(authenticator!, offer.spcTransData.challenge ?? '', MERCHANT, shown(offer.spcTransData))),
      );
      assert.equal(again.transStatus, 'C', `${what}: the challenge is single use`);
    }
  });

  test("another member's passkey, or an S of another card, approves nothing", async () => {
    const { holder, authenticator } = await member();
    const { holder: other, authenticator: othersKey } = await member();
    const offer = await areq(holder.pan);
    const foreign = spc(othersKey!, offer.spcTransData.challenge ?? '', MERCHANT, shown(offer.spcTransData));
    assert.equal((await areq(holder.pan, result(offer, foreign))).transStatus, 'C');
    const mine = await areq(holder.pan);
    const signed = spc(authenticator!, mine.spcTransData.challenge ?? '', MERCHANT, shown(mine.spcTransData));
    assert.equal((await areq(other.pan, result(mine, signed))).transStatus, 'C', "another card's AReq");
  });

  test('after a lost/stolen lock the result is refused like any AReq of a locked card', async () => {
    const { db } = getDb();
    const { holder, authenticator } = await member();
    const offer = await areq(holder.pan);
    await withTransaction(db, (trx) =>
      applyEnrollmentEvent(trx, {
        enetId: holder.enetId,
        event: { type: 'lost_stolen_reported' },
        actor: `member:${holder.enetId}`,
        at: new Date(),
      }),
    );
    const assertion = spc(authenticator!, offer.spcTransData.challenge ?? '', MERCHANT, shown(offer.spcTransData));
    const final = await areq(holder.pan, result(offer, assertion));
    assert.notEqual(final.transStatus, 'Y');
    assert.notEqual(final.transStatus, 'S');
  });

  test('a malformed SPC result is Erro 203 naming the field', async () => {
    const { holder } = await member();
    const offer = await areq(holder.pan);
    const garbage = await areq(holder.pan, result(offer, 'not an assertion'));
    assert.equal(garbage.messageType, 'Erro');
    assert.equal(garbage.errorCode, '203');
    assert.equal(garbage.errorDetail, 'threeDSRequestorAuthenticationInfo.threeDSReqAuthData');
    const badRef = await areq(
      holder.pan,
      result(offer, { id: 'x' }, { threeDSRequestorPriorAuthenticationInfo: [{ threeDSReqPriorRef: 'x'.repeat(36) }] }),
    );
    assert.equal(badRef.messageType, 'Erro');
    assert.equal(badRef.errorCode, '203');
    assert.equal(badRef.errorDetail, 'threeDSRequestorPriorAuthenticationInfo.threeDSReqPriorRef');
    // an SPC result that names no ARes S of ours has nothing to verify: the ordinary decision
    const unlinked = await areq(
      holder.pan,
      result(offer, { id: 'x' }, { threeDSRequestorPriorAuthenticationInfo: undefined }),
    );
    assert.equal(unlinked.transStatus, 'C');
  });
});
