import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureIssuer } from '../../src/features/issuer-api/issuers.ts';
import { maskPan, maskPhone } from '../../src/infra/crypto/mask.ts';
import { forEachDialect } from '../support/databases.ts';
import { ISSUER, testPan, testPhone } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { auditRows, bootstrapTokenId, call, nationalDigits, uniqueId } from './api-support.ts';

const member = (name = '山田 太郎') => ({ name, email: 'taro..yamada@docomo.ne.jp', status: 'active' });

forEachDialect('issuer API: members, cards, phones, statements', (getDb) => {
  let server: TestServer;
  let actor: string;
  before(async () => {
    await ensureIssuer(getDb().db, ISSUER);
    server = await startTestServer(getDb());
    actor = `issuer-api:${await bootstrapTokenId(getDb().db)}`;
  });
  after(() => server.close());

  test('member → card → verified phone enrolls; closing the last card deregisters with 8-1-1', async () => {
    const enetId = uniqueId('m');
    const cardRef = uniqueId('c');
    const pan = testPan();
    const phone = testPhone();
    const created = await call(server, 'PUT', `/api/v1/members/${enetId}`, member());
    assert.equal(created.status, 201);
    assert.deepEqual(created.body, {
      enetId,
      ...member(),
      enrollment: 'not_enrolled',
      enrollmentReason: null,
    });
    const card = await call(server, 'PUT', `/api/v1/cards/${cardRef}`, {
      enetId,
      pan,
      expiry: '3012',
      status: 'active',
    });
    assert.equal(card.status, 201);
    assert.deepEqual(card.body, { cardRef, enetId, pan: maskPan(pan), expiry: '3012', status: 'active' });
    const bound = await call(server, 'POST', `/api/v1/members/${enetId}/phone`, { phone });
    assert.equal(bound.status, 201);
    assert.equal(bound.body?.enrollment, 'enrolled');

    const read = await call(server, 'GET', `/api/v1/members/${enetId}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, {
      enetId,
      ...member(),
      enrollment: 'enrolled',
      enrollmentReason: null,
      phone: maskPhone(phone),
      cards: [{ cardRef, enetId, pan: maskPan(pan), expiry: '3012', status: 'active' }],
    });
    assert.match(String(read.body?.phone), /^090-\*{4}-\d{4}$/);

    const closed = await call(server, 'PUT', `/api/v1/cards/${cardRef}`, {
      enetId,
      pan,
      expiry: '3012',
      status: 'closed',
    });
    assert.equal(closed.status, 200);
    const after = await call(server, 'GET', `/api/v1/members/${enetId}`);
    assert.equal(after.body?.enrollment, 'deregistered');
    assert.equal(after.body?.enrollmentReason, '8-1-1');
    assert.equal(after.body?.phone, null, 'deregistration ends the phone binding');

    for (const res of [created, card, bound, read, closed, after]) {
      assert.ok(!res.text.includes(pan), 'no response holds the full PAN');
      assert.ok(!res.text.includes(nationalDigits(phone)), 'no response holds the full phone number');
    }
  });

  test('DELETE deregisters a member with an active card (8-1-2); idempotent; 404 when unknown', async () => {
    const enetId = uniqueId('m');
    await call(server, 'PUT', `/api/v1/members/${enetId}`, member());
    await call(server, 'PUT', `/api/v1/cards/${uniqueId('c')}`, {
      enetId,
      pan: testPan(),
      expiry: '3101',
      status: 'active',
    });
    await call(server, 'POST', `/api/v1/members/${enetId}/phone`, { phone: testPhone() });
    const deleted = await call(server, 'DELETE', `/api/v1/members/${enetId}`);
    assert.equal(deleted.status, 204);
    assert.equal(deleted.text, '');
    const read = await call(server, 'GET', `/api/v1/members/${enetId}`);
    assert.equal(read.body?.enrollment, 'deregistered');
    assert.equal(read.body?.enrollmentReason, '8-1-2');
    const rows = (await auditRows(getDb().db, enetId)).length;
    assert.equal((await call(server, 'DELETE', `/api/v1/members/${enetId}`)).status, 204);
    assert.equal((await auditRows(getDb().db, enetId)).length, rows, 'a repeated DELETE writes nothing');
    const unknown = await call(server, 'DELETE', `/api/v1/members/${uniqueId('nobody')}`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body?.code, 'not_found');
  });

  test('identical PUTs and phone bindings are idempotent: 200 and no second audit row', async () => {
    const db = getDb().db;
    const enetId = uniqueId('m');
    const cardRef = uniqueId('c');
    const cardInput = { enetId, pan: testPan(), expiry: '2912', status: 'active' };
    const phone = testPhone();
    assert.equal((await call(server, 'PUT', `/api/v1/members/${enetId}`, member())).status, 201);
    assert.equal((await call(server, 'PUT', `/api/v1/cards/${cardRef}`, cardInput)).status, 201);
    assert.equal((await call(server, 'POST', `/api/v1/members/${enetId}/phone`, { phone })).status, 201);
    const memberRows = (await auditRows(db, enetId)).length;
    const cardRows = (await auditRows(db, cardRef)).length;
    const again = await call(server, 'PUT', `/api/v1/members/${enetId}`, member());
    assert.equal(again.status, 200);
    assert.equal(again.body?.enrollment, 'enrolled');
    assert.equal((await call(server, 'PUT', `/api/v1/cards/${cardRef}`, cardInput)).status, 200);
    assert.equal((await call(server, 'POST', `/api/v1/members/${enetId}/phone`, { phone })).status, 200);
    assert.equal((await auditRows(db, enetId)).length, memberRows);
    assert.equal((await auditRows(db, cardRef)).length, cardRows);
    const renamed = await call(server, 'PUT', `/api/v1/members/${enetId}`, member('山田 花子'));
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body?.name, '山田 花子');
    assert.equal((await auditRows(db, enetId)).length, memberRows + 1);
  });

  test('concurrent identical PUTs of a new member: one 201, the rest 200, one audit row', async () => {
    const enetId = uniqueId('m');
    const results = await Promise.all(
      Array.from({ length: 6 }, () => call(server, 'PUT', `/api/v1/members/${enetId}`, member())),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 201]);
    assert.equal((await auditRows(getDb().db, enetId)).length, 1);
  });

  test('concurrent DELETEs both answer 204; concurrently closing the last two cards still deregisters (8-1-1)', async () => {
    const gone = uniqueId('m');
    await call(server, 'PUT', `/api/v1/members/${gone}`, member());
    const deletes = await Promise.all([1, 2, 3].map(() => call(server, 'DELETE', `/api/v1/members/${gone}`)));
    assert.deepEqual(
      deletes.map((r) => r.status),
      [204, 204, 204],
    );
    const enetId = uniqueId('m');
    await call(server, 'PUT', `/api/v1/members/${enetId}`, member());
    const cards = [1, 2, 3].map(() => ({ cardRef: uniqueId('c'), enetId, pan: testPan(), expiry: '3012' }));
    for (const { cardRef, ...c } of cards)
      await call(server, 'PUT', `/api/v1/cards/${cardRef}`, { ...c, status: 'active' });
    await call(server, 'POST', `/api/v1/members/${enetId}/phone`, { phone: testPhone() });
    const closes = await Promise.all(
      cards.map(({ cardRef, ...c }) => call(server, 'PUT', `/api/v1/cards/${cardRef}`, { ...c, status: 'closed' })),
    );
    assert.deepEqual(
      closes.map((r) => r.status),
      [200, 200, 200],
    );
    const read = await call(server, 'GET', `/api/v1/members/${enetId}`);
    assert.deepEqual([read.body?.enrollment, read.body?.enrollmentReason], ['deregistered', '8-1-1']);
  });

  test('racing changes to the same members never answer 5xx', async () => {
    const work = Array.from({ length: 8 }, async () => {
      const enetId = uniqueId('m');
      const cardRef = uniqueId('c');
      const cardInput = { enetId, pan: testPan(), expiry: '3012' };
      await call(server, 'PUT', `/api/v1/members/${enetId}`, member());
      await call(server, 'PUT', `/api/v1/cards/${cardRef}`, { ...cardInput, status: 'active' });
      return Promise.all([
        call(server, 'POST', `/api/v1/members/${enetId}/phone`, { phone: testPhone() }),
        call(server, 'DELETE', `/api/v1/members/${enetId}`),
        call(server, 'PUT', `/api/v1/cards/${cardRef}`, { ...cardInput, status: 'closed' }),
        call(server, 'PUT', `/api/v1/members/${enetId}`, member('改名 太郎')),
        call(server, 'POST', `/api/v1/members/${enetId}/statements`, { noticeDate: '2026-01-05', channel: 'post' }),
      ]);
    });
    const statuses = (await Promise.all(work)).flat().map((r) => r.status);
    assert.ok(
      statuses.every((s) => s < 500),
      `statuses: ${statuses.join(',')}`,
    );
  });

  test('every change leaves an audit row naming the token actor and the request id, masked', async () => {
    const db = getDb().db;
    const enetId = uniqueId('m');
    const cardRef = uniqueId('c');
    const pan = testPan();
    const phone = testPhone();
    const steps = [
      await call(server, 'PUT', `/api/v1/members/${enetId}`, member()),
      await call(server, 'PUT', `/api/v1/cards/${cardRef}`, { enetId, pan, expiry: '3012', status: 'active' }),
      await call(server, 'POST', `/api/v1/members/${enetId}/phone`, { phone }),
      await call(server, 'POST', `/api/v1/members/${enetId}/statements`, { noticeDate: '2024-02-29', channel: 'post' }),
      await call(server, 'DELETE', `/api/v1/members/${enetId}`),
    ];
    const rows = [...(await auditRows(db, enetId)), ...(await auditRows(db, cardRef))];
    for (const step of steps) {
      assert.ok(step.status < 300, `step answered ${step.status}`);
      assert.ok(step.requestId, 'the response names its request id');
      const mine = rows.filter((r) => r.request_id === step.requestId);
      assert.ok(mine.length > 0, `an audit row carries request ${step.requestId}`);
      for (const row of mine) assert.equal(row.actor, actor);
    }
    const actions = rows.map((r) => r.action);
    for (const action of ['member.create', 'card.create', 'phone.bind', 'statement.notice']) {
      assert.ok(actions.includes(action), `audit has ${action}`);
    }
    assert.ok(actions.includes('enrollment.deregistered'));
    const text = JSON.stringify(rows);
    assert.ok(!text.includes(pan), 'audit rows never hold the full PAN');
    assert.ok(!text.includes(nationalDigits(phone)), 'audit rows never hold the full phone number');
  });

  test('statements: 201 with an id, stored against the member', async () => {
    const enetId = uniqueId('m');
    await call(server, 'PUT', `/api/v1/members/${enetId}`, member());
    const res = await call(server, 'POST', `/api/v1/members/${enetId}/statements`, {
      noticeDate: '2026-03-31',
      channel: 'email',
    });
    assert.equal(res.status, 201);
    assert.match(String(res.body?.id), /^stm_/);
    const row = await getDb()
      .db.selectFrom('statement_notices')
      .selectAll()
      .where('id', '=', String(res.body?.id))
      .executeTakeFirstOrThrow();
    assert.equal(row.enet_id, enetId);
    assert.equal(row.channel, 'email');
  });

  test('the database holds no PAN or phone number in clear', async () => {
    const db = getDb().db;
    const enetId = uniqueId('m');
    const pan = testPan();
    const phone = testPhone();
    await call(server, 'PUT', `/api/v1/members/${enetId}`, member());
    await call(server, 'PUT', `/api/v1/cards/${uniqueId('c')}`, { enetId, pan, expiry: '3012', status: 'active' });
    await call(server, 'POST', `/api/v1/members/${enetId}/phone`, { phone });
    const cards = await db.selectFrom('cards').selectAll().where('enet_id', '=', enetId).execute();
    const phones = await db.selectFrom('phone_bindings').selectAll().where('enet_id', '=', enetId).execute();
    assert.equal(cards.length, 1);
    assert.equal(phones.length, 1);
    for (const row of [...cards, ...phones]) {
      for (const [column, value] of Object.entries(row)) {
        const text = value instanceof Date ? value.toISOString() : String(value);
        assert.ok(!text.includes(pan), `cards.${column} holds the PAN`);
        assert.ok(!text.includes(pan.slice(6, -4)), `cards.${column} holds the PAN's middle digits`);
        assert.ok(!text.includes(nationalDigits(phone)), `${column} holds the phone number`);
      }
    }
  });

  test('refusals from the services: unknown member 404, PAN under another cardRef 409, deregistered 409', async () => {
    const enetId = uniqueId('m');
    const pan = testPan();
    await call(server, 'PUT', `/api/v1/members/${enetId}`, member());
    const orphan = await call(server, 'PUT', `/api/v1/cards/${uniqueId('c')}`, {
      enetId: uniqueId('nobody'),
      pan: testPan(),
      expiry: '3012',
      status: 'active',
    });
    assert.deepEqual([orphan.status, orphan.body?.code, orphan.body?.field], [404, 'not_found', 'enetId']);
    const cardRef = uniqueId('c');
    await call(server, 'PUT', `/api/v1/cards/${cardRef}`, { enetId, pan, expiry: '3012', status: 'active' });
    const twice = await call(server, 'PUT', `/api/v1/cards/${uniqueId('c')}`, {
      enetId,
      pan,
      expiry: '3012',
      status: 'active',
    });
    assert.deepEqual([twice.status, twice.body?.code, twice.body?.field], [409, 'conflict', 'pan']);
    await call(server, 'PUT', `/api/v1/cards/${cardRef}`, { enetId, pan, expiry: '3012', status: 'closed' });
    const refused = await call(server, 'POST', `/api/v1/members/${enetId}/phone`, { phone: testPhone() });
    assert.deepEqual([refused.status, refused.body?.code], [409, 'enrollment_refused']);
    const read = await call(server, 'GET', `/api/v1/members/${enetId}`);
    assert.equal(read.body?.phone, null, 'the refused binding was rolled back');
    const missing = await call(server, 'GET', `/api/v1/members/${uniqueId('nobody')}`);
    assert.deepEqual([missing.status, missing.body?.code], [404, 'not_found']);
  });

  test('GET /api/v1/openapi.json: OpenAPI 3.1 describing every issuer endpoint, without a token', async () => {
    const res = await fetch(`${server.url}/api/v1/openapi.json`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { additionalProperties?: boolean }>; securitySchemes: object };
    };
    assert.equal(doc.openapi, '3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    for (const op of [
      'put /api/v1/members/{enetId}',
      'delete /api/v1/members/{enetId}',
      'get /api/v1/members/{enetId}',
      'put /api/v1/cards/{cardRef}',
      'post /api/v1/members/{enetId}/phone',
      'post /api/v1/members/{enetId}/statements',
      'post /api/v1/cavv/verify',
      'post /api/v1/imports',
      'get /api/v1/imports/{importId}',
    ]) {
      assert.ok(operations.includes(op), `documents ${op}`);
    }
    assert.ok(doc.components.schemas.Error, 'documents the error shape');
    assert.equal(doc.components.schemas.CardInput?.additionalProperties, false);
    assert.deepEqual(Object.keys(doc.components.securitySchemes), ['issuerToken']);
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of refs) assert.ok(doc.components.schemas[ref.split('/').pop()!], `${ref} resolves`);
  });
});
