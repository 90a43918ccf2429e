import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { applyEnrollmentEvent } from '../../src/features/enrollment/enrollment.ts';
import { upsertCard } from '../../src/features/issuer-api/issuer-data.ts';
import { validateMessage } from '../../src/protocol/validate.ts';
import type { MessageVersion } from '../../src/protocol/versions.ts';
import { forEachDialect } from '../support/databases.ts';
import { seedCardholder, testPan } from '../support/fixtures.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

function assertValidOutgoing(message: Record<string, string>, areq: Record<string, unknown>) {
  const result = validateMessage(message, {
    messageType: message.messageType as 'ARes',
    messageVersion: message.messageVersion as MessageVersion,
    context: areq as never,
  });
  assert.deepEqual(result, { ok: true }, JSON.stringify(message));
}

forEachDialect('POST /3ds/areq', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb());
  });
  after(() => server.close());

  for (const version of ['2.2.0', '2.3.1'] as const) {
    test(`enrolled card → C with acsURL, persisted before the answer (${version})`, async () => {
      const holder = await seedCardholder(getDb().db, server.keys);
      await server.server.deps.ranges.load();
      const areq = browserAReq(holder.pan, {}, version);
      const { status, json, headers } = await postAReq(server.url, areq, { 'X-Request-ID': String(areq.dsTransID) });
      assert.equal(status, 200);
      assert.equal(json.messageType, 'ARes');
      assert.equal(json.transStatus, 'C');
      assert.equal(json.acsURL, `${server.url}/3ds/challenge`);
      assert.equal(json.acsChallengeMandated, 'Y');
      assert.equal(json.threeDSServerTransID, areq.threeDSServerTransID);
      assert.equal(json.dsTransID, areq.dsTransID);
      assertValidOutgoing(json, areq);
      if (version === '2.3.1') {
        assert.equal(headers.get('x-request-id'), areq.dsTransID);
        assert.equal(headers.get('x-response-id'), json.acsTransID);
      }
      const row = await getDb()
        .db.selectFrom('transactions')
        .selectAll()
        .where('acs_trans_id', '=', json.acsTransID!)
        .executeTakeFirstOrThrow();
      assert.equal(row.state, 'challenge_issued');
      assert.equal(row.enet_id, holder.enetId);
      const logged = await sql<{ body: unknown; pan_enc: string | null }>`
        select body, pan_enc from message_log where acs_trans_id = ${json.acsTransID} order by direction`.execute(
        getDb().db,
      );
      assert.equal(logged.rows.length, 2);
      const text = JSON.stringify(logged.rows);
      assert.ok(!text.includes(holder.pan), 'the message log holds no PAN in clear');
      assert.ok(text.includes(`${holder.pan.slice(0, 6)}******${holder.pan.slice(-4)}`));
    });
  }

  const cases: Array<{
    name: string;
    setup: (h: Awaited<ReturnType<typeof seedCardholder>>) => Promise<void>;
    expect: [string, string];
  }> = [
    { name: 'not enrolled', setup: async () => {}, expect: ['N', '13'] },
    {
      name: 'locked after a lost/stolen report',
      setup: async (h) => {
        await getDb()
          .db.transaction()
          .execute((trx) =>
            applyEnrollmentEvent(trx, {
              enetId: h.enetId,
              event: { type: 'lost_stolen_reported' },
              actor: 'test',
              at: new Date(),
            }),
          );
      },
      expect: ['N', '12'],
    },
    {
      name: 'card closed',
      setup: async (h) => {
        await upsertCard(
          { db: getDb().db, keys: server.keys, clock: { now: () => new Date() } },
          h.cardRef,
          { enetId: h.enetId, pan: h.pan, expiry: '3012', status: 'closed' },
          'test',
        );
      },
      expect: ['R', '08'],
    },
  ];
  for (const c of cases) {
    test(`${c.name} → ${c.expect.join('/')}`, async () => {
      const holder = await seedCardholder(getDb().db, server.keys, { enrolled: c.name !== 'not enrolled' });
      await c.setup(holder);
      await server.server.deps.ranges.load();
      const areq = browserAReq(holder.pan);
      const { json } = await postAReq(server.url, areq);
      assert.equal(json.transStatus, c.expect[0]);
      assert.equal(json.transStatusReason, c.expect[1]);
      assertValidOutgoing(json, areq);
    });
  }

  test('expired card → N/05', async () => {
    const holder = await seedCardholder(getDb().db, server.keys, { expiry: '2001' });
    await server.server.deps.ranges.load();
    const { json } = await postAReq(server.url, browserAReq(holder.pan));
    assert.deepEqual([json.transStatus, json.transStatusReason], ['N', '05']);
  });

  test('card in range without a record → N/08; outside every range → Erro 305', async () => {
    await seedCardholder(getDb().db, server.keys);
    await server.server.deps.ranges.load();
    const unknown = await postAReq(server.url, browserAReq(testPan()));
    assert.deepEqual([unknown.json.transStatus, unknown.json.transStatusReason], ['N', '08']);
    const outside = await postAReq(server.url, browserAReq('4000000000000002'));
    assert.equal(outside.json.messageType, 'Erro');
    assert.equal(outside.json.errorCode, '305');
    assert.equal(outside.json.errorDetail, 'acctNumber');
  });

  test('3RI → N/21 (not supported)', async () => {
    const holder = await seedCardholder(getDb().db, server.keys);
    await server.server.deps.ranges.load();
    const areq = browserAReq(holder.pan, { deviceChannel: '03', threeRIInd: '01' });
    const { json } = await postAReq(server.url, areq);
    if (json.messageType === 'ARes') assert.deepEqual([json.transStatus, json.transStatusReason], ['N', '21']);
    else assert.equal(json.messageType, 'Erro', 'a 3RI AReq missing 3RI-only fields is an Erro');
  });

  test('malformed bodies: not JSON → 101, duplicate key → 204, missing field → 201 naming it', async () => {
    const bad = await postAReq(server.url, '{"messageType":');
    assert.equal(bad.json.errorCode, '101');
    const holder = await seedCardholder(getDb().db, server.keys);
    const areq = browserAReq(holder.pan);
    const dup = JSON.stringify(areq).replace('"mcc":', '"mcc":"5732","mcc":');
    const dupAnswer = await postAReq(server.url, dup);
    assert.equal(dupAnswer.json.errorCode, '204');
    assert.equal(dupAnswer.json.errorDetail, 'mcc');
    assert.equal(dupAnswer.json.threeDSServerTransID, areq.threeDSServerTransID);
    const { purchaseAmount: _, ...missing } = areq;
    const miss = await postAReq(server.url, missing);
    assert.equal(miss.json.errorCode, '201');
    assert.equal(miss.json.errorDetail, 'purchaseAmount');
    assertValidOutgoing(miss.json, missing);
  });

  test('a body over 256 KiB → HTTP 413', async () => {
    const res = await postAReq(server.url, JSON.stringify({ messageType: 'AReq', pad: 'x'.repeat(300 * 1024) }));
    assert.equal(res.status, 413);
  });
});

forEachDialect('AReq with a NUL character in a tolerated field', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb());
  });
  after(() => server.close());

  test('is answered normally and logged with U+FFFD', async () => {
    const holder = await seedCardholder(getDb().db, server.keys);
    await server.server.deps.ranges.load();
    const { json } = await postAReq(server.url, browserAReq(holder.pan, { unknownVendorField: 'a\u0000b' }));
    assert.equal(json.transStatus, 'C');
  });
});

forEachDialect('UNENROLLED_POLICY=attempts', (getDb) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb(), { env: { UNENROLLED_POLICY: 'attempts' } });
  });
  after(() => server.close());

  test('a card not enrolled gets A with ECI 06 and an attempts CAVV the issuer API verifies', async () => {
    const holder = await seedCardholder(getDb().db, server.keys, { enrolled: false });
    await server.server.deps.ranges.load();
    const { json } = await postAReq(server.url, browserAReq(holder.pan));
    assert.equal(json.transStatus, 'A');
    assert.equal(json.eci, '06');
    assert.equal(json.authenticationValue?.length, 28);
    const verify = await server.api('/api/v1/cavv/verify', {
      body: { pan: holder.pan, cavv: json.authenticationValue, eci: '06' },
    });
    assert.deepEqual(await verify.json(), { valid: true, kind: 'attempts', acsTransID: json.acsTransID });
    const wrongEci = await server.api('/api/v1/cavv/verify', {
      body: { pan: holder.pan, cavv: json.authenticationValue, eci: '05' },
    });
    assert.equal(((await wrongEci.json()) as { valid: boolean }).valid, false);
    const oneByte = Buffer.from(json.authenticationValue!, 'base64');
    oneByte[7] = oneByte[7]! ^ 1;
    const changed = await server.api('/api/v1/cavv/verify', {
      body: { pan: holder.pan, cavv: oneByte.toString('base64'), eci: '06' },
    });
    assert.equal(((await changed.json()) as { valid: boolean }).valid, false);
    const otherTxn = await server.api('/api/v1/cavv/verify', {
      body: {
        pan: holder.pan,
        cavv: json.authenticationValue,
        eci: '06',
        acsTransID: '00000000-0000-4000-8000-000000000000',
      },
    });
    assert.deepEqual(await otherTxn.json(), { valid: false, reason: 'transaction_mismatch' });
    const malformed = await server.api('/api/v1/cavv/verify', { body: { pan: 'x', cavv: 1, eci: '6' } });
    assert.equal(malformed.status, 400);
  });

  test('locked members never get an attempt', async () => {
    const holder = await seedCardholder(getDb().db, server.keys);
    await getDb()
      .db.transaction()
      .execute((trx) =>
        applyEnrollmentEvent(trx, {
          enetId: holder.enetId,
          event: { type: 'lost_stolen_reported' },
          actor: 'test',
          at: new Date(),
        }),
      );
    await server.server.deps.ranges.load();
    const { json } = await postAReq(server.url, browserAReq(holder.pan));
    assert.deepEqual([json.transStatus, json.transStatusReason], ['N', '12']);
  });
});
