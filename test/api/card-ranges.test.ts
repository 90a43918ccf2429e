import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureIssuer } from '../../src/features/issuer-api/issuers.ts';
import { panIn, rangeSnapshot } from '../support/card-ranges.ts';
import { forEachDialect } from '../support/databases.ts';
import { ISSUER, testPhone } from '../support/fixtures.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { auditRows, call, send, uniqueId } from './api-support.ts';

const range = (startRange: string, endRange: string) => ({ startRange, endRange });

forEachDialect('issuer API: card ranges', (getDb) => {
  let server: TestServer;
  before(async () => {
    await ensureIssuer(getDb().db, ISSUER);
    server = await startTestServer(getDb());
  });
  after(() => server.close());

  const areq = async (pan: string) => (await postAReq(server.url, browserAReq(pan))).json;

  /** A member, an active card with this PAN and a verified phone, through the API. */
  async function cardholder(pan: string) {
    const enetId = uniqueId('m');
    const cardRef = uniqueId('c');
    await call(server, 'PUT', `/api/v1/members/${enetId}`, {
      name: '範囲 太郎',
      email: 'r@example.jp',
      status: 'active',
    });
    const card = await call(server, 'PUT', `/api/v1/cards/${cardRef}`, {
      enetId,
      pan,
      expiry: '3012',
      status: 'active',
    });
    await call(server, 'POST', `/api/v1/members/${enetId}/phone`, { phone: testPhone() });
    return { enetId, cardRef, card };
  }

  test('bad bodies and ids are refused 400 with the field named, and change nothing', async () => {
    const before = await rangeSnapshot(getDb().db);
    const cases: Array<[string, string | unknown, string]> = [
      ['r1', range('520000000000', '520000000009'), 'startRange'], // 12 digits
      ['r1', range('52000000000000000000', '52000000000000000009'), 'startRange'], // 20 digits
      ['r1', range('5200000000000', '52000000000009'), 'endRange'], // 13 vs 14
      ['r1', range('5200000000000009', '5200000000000000'), 'endRange'], // start > end
      ['r1', range('52000000000000a0', '5200000000000099'), 'startRange'],
      ['r1', range('5200000000000000', ' 5200000000000099'), 'endRange'],
      ['r1', { startRange: 5200000000000000, endRange: '5200000000000099' }, 'startRange'],
      ['r1', { startRange: '5200000000000000' }, 'endRange'],
      ['r1', { ...range('5200000000000000', '5200000000000099'), network: 'visa' }, 'network'],
    ];
    for (const [id, body, field] of cases) {
      const res = await call(server, 'PUT', `/api/v1/card-ranges/${id}`, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body?.code, 'invalid_body');
      assert.equal(res.body?.field, field, JSON.stringify(body));
    }
    const badId = await call(
      server,
      'PUT',
      `/api/v1/card-ranges/${'x'.repeat(65)}`,
      range('5200000000000000', '5200000000000099'),
    );
    assert.deepEqual([badId.status, badId.body?.code, badId.body?.field], [400, 'invalid_path_parameter', 'rangeId']);
    const dotted = await call(server, 'PUT', '/api/v1/card-ranges/a.b', range('5200000000000000', '5200000000000099'));
    assert.equal(dotted.status, 400);
    const text = await send(server, '/api/v1/card-ranges/r1', {
      method: 'PUT',
      body: '{',
      contentType: 'application/json',
    });
    assert.equal(text.body?.code, 'invalid_json');
    const noToken = await call(
      server,
      'PUT',
      '/api/v1/card-ranges/r1',
      range('5200000000000000', '5200000000000099'),
      null,
    );
    assert.equal(noToken.status, 401);
    assert.deepEqual(await rangeSnapshot(getDb().db), before);
  });

  test('create 201, GET returns exactly what was put, identical PUT changes nothing, update 200', async () => {
    const id = uniqueId('rng');
    const created = await call(server, 'PUT', `/api/v1/card-ranges/${id}`, range('5300000000000', '5300009999999'));
    assert.equal(created.status, 201);
    assert.equal(created.body?.rangeId, id);
    assert.equal(created.body?.startRange, '5300000000000');
    const list = await call(server, 'GET', '/api/v1/card-ranges');
    const all = (list.body?.ranges ?? []) as Array<Record<string, unknown>>;
    const listed = all.find((r) => r.rangeId === id);
    assert.deepEqual(listed && { s: listed.startRange, e: listed.endRange }, {
      s: '5300000000000',
      e: '5300009999999',
    });
    assert.ok(typeof listed?.createdAt === 'string' && typeof listed.updatedAt === 'string');
    const seeded = all.find((r) => String(r.rangeId).startsWith('rng_iss_default_'));
    assert.match(String(seeded?.startRange), /^\d{19}$/, 'a seeded prefix range shows its padded bounds');

    const before = await rangeSnapshot(getDb().db);
    const again = await call(server, 'PUT', `/api/v1/card-ranges/${id}`, range('5300000000000', '5300009999999'));
    assert.equal(again.status, 200);
    assert.deepEqual(await rangeSnapshot(getDb().db), before, 'an identical PUT writes nothing');

    const updated = await call(
      server,
      'PUT',
      `/api/v1/card-ranges/${id}`,
      range('5300000000000000', '5300009999999999'),
    );
    assert.equal(updated.status, 200);
    assert.equal(updated.body?.endRange, '5300009999999999');
    const audit = await auditRows(getDb().db, id);
    assert.deepEqual(
      audit.map((a) => a.action),
      ['card_range.create', 'card_range.update'],
    );
    assert.match(audit[0]?.actor ?? '', /^issuer-api:/);
  });

  test('overlaps are refused 409 range_overlap naming the other range, whatever the lengths', async () => {
    const base = uniqueId('rng');
    assert.equal(
      (await call(server, 'PUT', `/api/v1/card-ranges/${base}`, range('5400000000000000', '5400009999999999'))).status,
      201,
    );
    const before = await rangeSnapshot(getDb().db);
    const overlapping = [
      range('5400000000000000', '5400000000000000'), // inside
      range('5399990000000000', '5400000000000000'), // touches the start
      range('5400009999999999', '5400010000000000'), // touches the end
      range('5399000000000000', '5401000000000000'), // around
      range('5400005000000000000', '5400005000000000999'), // 19 digits inside a 16-digit range
      range('5400005000000', '5400005999999'), // 13 digits: pads to keys inside
      range('5399999999999', '5400000000000'), // 13 digits: its end key 5400000000000999999 meets the start
    ];
    for (const body of overlapping) {
      const res = await call(server, 'PUT', `/api/v1/card-ranges/${uniqueId('rng')}`, body);
      assert.equal(res.status, 409, JSON.stringify(body));
      assert.equal(res.body?.code, 'range_overlap');
      assert.equal(res.body?.field, 'startRange');
      assert.match(String(res.body?.message), new RegExp(base));
    }
    assert.deepEqual(await rangeSnapshot(getDb().db), before);
    const neighbours = [
      range('5400010000000000', '5400019999999999'), // right after
      range('5399999999999999999', '5399999999999999999'), // 19 digits just before
      range('5400010000000', '5400010000000'), // 13 digits: keys 5400010000000000000–5400010000000999999
    ];
    for (const body of neighbours) {
      const id = uniqueId('rng');
      const res = await call(server, 'PUT', `/api/v1/card-ranges/${id}`, body);
      assert.notEqual(res.status, 409, `${JSON.stringify(body)}: ${res.text}`);
      await call(server, 'DELETE', `/api/v1/card-ranges/${id}`);
    }
    // Moving another range onto this one is an overlap too.
    const other = uniqueId('rng');
    await call(server, 'PUT', `/api/v1/card-ranges/${other}`, range('5400020000000000', '5400029999999999'));
    const moved = await call(
      server,
      'PUT',
      `/api/v1/card-ranges/${other}`,
      range('5400009999999999', '5400029999999999'),
    );
    assert.equal(moved.status, 409);
  });

  test('concurrent overlapping PUTs: exactly one is stored', async () => {
    const bodies = [0, 1, 2, 3, 4].map((i) => range(`55000${i}0000000000`, '5500099999999999'));
    const results = await Promise.all(
      bodies.map((b) => call(server, 'PUT', `/api/v1/card-ranges/${uniqueId('rng')}`, b)),
    );
    assert.deepEqual(
      results.map((r) => r.status).sort(),
      [201, 409, 409, 409, 409],
      results.map((r) => r.text).join('\n'),
    );
    const stored = await getDb().db.selectFrom('card_ranges').select('id').where('pan_low', 'like', '55000%').execute();
    assert.equal(stored.length, 1);
  });

  test('concurrent identical PUTs of a new range: one 201, the rest 200, one audit row', async () => {
    const id = uniqueId('rng');
    const results = await Promise.all(
      [1, 2, 3, 4].map(() =>
        call(server, 'PUT', `/api/v1/card-ranges/${id}`, range('5510000000000000', '5510009999999999')),
      ),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 200, 200, 201], results.map((r) => r.text).join('\n'));
    assert.deepEqual(
      (await auditRows(getDb().db, id)).map((a) => a.action),
      ['card_range.create'],
    );
  });

  test('a card with a PAN in no range is refused 422 pan_out_of_range on pan, and nothing is written', async () => {
    const enetId = uniqueId('m');
    await call(server, 'PUT', `/api/v1/members/${enetId}`, {
      name: '範囲 外子',
      email: 'o@example.jp',
      status: 'active',
    });
    const before = await rangeSnapshot(getDb().db);
    const res = await call(server, 'PUT', `/api/v1/cards/${uniqueId('c')}`, {
      enetId,
      pan: panIn('5600', 1),
      expiry: '3012',
      status: 'active',
    });
    assert.equal(res.status, 422);
    assert.deepEqual([res.body?.code, res.body?.field], ['pan_out_of_range', 'pan']);
    assert.doesNotMatch(res.text, /5600/, 'the PAN is not echoed');
    assert.deepEqual(await rangeSnapshot(getDb().db), before);
  });

  test('AReqs follow the ranges on this node at once: challenge inside, Erro 305 after DELETE; 404 when unknown', async () => {
    const id = uniqueId('rng');
    const pan = panIn('5700000', 42);
    assert.equal((await areq(pan)).errorCode, '305', 'no range yet');
    assert.equal(
      (await call(server, 'PUT', `/api/v1/card-ranges/${id}`, range('5700000000000000', '5700000999999999'))).status,
      201,
    );
    const { cardRef, enetId, card } = await cardholder(pan);
    assert.equal(card.status, 201, card.text);
    assert.equal((await areq(pan)).transStatus, 'C');
    const removed = await call(server, 'DELETE', `/api/v1/card-ranges/${id}`);
    assert.equal(removed.status, 204);
    assert.equal((await areq(pan)).errorCode, '305');
    assert.equal((await call(server, 'DELETE', `/api/v1/card-ranges/${id}`)).status, 404);
    const audit = await auditRows(getDb().db, id);
    assert.deepEqual(
      audit.map((a) => a.action),
      ['card_range.create', 'card_range.delete'],
    );
    // The issuer can still close the card whose range is gone (terms art. 8-1-1), but not reopen it.
    const reopen = await call(server, 'PUT', `/api/v1/cards/${cardRef}`, {
      enetId,
      pan,
      expiry: '3112',
      status: 'active',
    });
    assert.equal(reopen.status, 422);
    const close = await call(server, 'PUT', `/api/v1/cards/${cardRef}`, {
      enetId,
      pan,
      expiry: '3012',
      status: 'closed',
    });
    assert.equal(close.status, 200, close.text);
  });

  test('OpenAPI lists the card range operations', async () => {
    const doc = await call(server, 'GET', '/api/v1/openapi.json');
    const paths = doc.body?.paths as Record<string, Record<string, unknown>>;
    assert.ok(paths['/api/v1/card-ranges']?.get);
    assert.ok(paths['/api/v1/card-ranges/{rangeId}']?.put);
    assert.ok(paths['/api/v1/card-ranges/{rangeId}']?.delete);
  });
});
