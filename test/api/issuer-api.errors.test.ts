import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { ensureIssuer } from '../../src/features/issuer-api/issuers.ts';
import { forEachDialect } from '../support/databases.ts';
import { ISSUER, testPan, testPhone } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { call, send, snapshot, uniqueId } from './api-support.ts';

interface Ids {
  enetId: string;
  cardRef: string;
  pan: string;
}
type PathOf = (ids: Ids) => string;
interface Req {
  method: string;
  path: PathOf;
  body?: (ids: Ids) => string;
  contentType?: string;
}
interface Expected {
  status: number;
  code: string;
  field?: string;
}

const card = (ids: Ids, over: Record<string, unknown> = {}) => ({
  enetId: ids.enetId,
  pan: ids.pan,
  expiry: '3012',
  status: 'active',
  ...over,
});
const member = { name: '佐藤 花子', email: 'hanako@example.jp', status: 'active' };
const memberPath: PathOf = (ids) => `/api/v1/members/${ids.enetId}`;
const cardPath: PathOf = (ids) => `/api/v1/cards/${ids.cardRef}`;
const phonePath: PathOf = (ids) => `/api/v1/members/${ids.enetId}/phone`;
const statementPath: PathOf = (ids) => `/api/v1/members/${ids.enetId}/statements`;
const fixed =
  (path: string): PathOf =>
  () =>
    path;
const badLuhn = (pan: string) => pan.slice(0, -1) + ((Number(pan.at(-1)) + 1) % 10);

const json =
  (method: string) =>
  (path: PathOf, body?: unknown): Req => ({
    method,
    path,
    ...(body !== undefined && {
      body: (ids: Ids) => JSON.stringify(typeof body === 'function' ? (body as (i: Ids) => unknown)(ids) : body),
    }),
  });
const put = json('PUT');
const post = json('POST');
const raw = (path: PathOf, body: string, contentType?: string): Req => ({
  method: 'PUT',
  path,
  body: () => body,
  ...(contentType && { contentType }),
});
const invalid = (field: string): Expected => ({ status: 400, code: 'invalid_body', field });
const badPath = (field: string): Expected => ({ status: 400, code: 'invalid_path_parameter', field });
const invalidJson: Expected = { status: 400, code: 'invalid_json' };
const unsupported: Expected = { status: 415, code: 'unsupported_media_type' };

const cases: Array<[name: string, request: Req, expected: Expected]> = [
  ['member: missing name', put(memberPath, { email: 'a@b.jp', status: 'active' }), invalid('name')],
  ['member: status of the wrong type', put(memberPath, { ...member, status: 1 }), invalid('status')],
  ['member: unknown status', put(memberPath, { ...member, status: 'closed' }), invalid('status')],
  ['member: unknown field (typo)', put(memberPath, { ...member, stauts: 'active' }), invalid('stauts')],
  ['member: NUL in the name', put(memberPath, { ...member, name: 'a\u0000b' }), invalid('name')],
  ['member: lone surrogate in the name', put(memberPath, { ...member, name: 'a\ud800b' }), invalid('name')],
  ['member: not an email', put(memberPath, { ...member, email: 'nobody' }), invalid('email')],
  ['member: body is an array', put(memberPath, [member]), { status: 400, code: 'invalid_body' }],
  ['member: malformed JSON', raw(memberPath, '{"name": "x",'), invalidJson],
  ['member: empty body', raw(memberPath, ''), invalidJson],
  ['member: wrong content type', raw(memberPath, JSON.stringify(member), 'text/plain'), unsupported],
  ['member: form content type', raw(memberPath, 'name=x', 'application/x-www-form-urlencoded'), unsupported],
  [
    'member: oversized body',
    put(memberPath, { ...member, name: 'x'.repeat(70_000) }),
    { status: 413, code: 'payload_too_large' },
  ],
  ['member: path with a space', put(fixed('/api/v1/members/a%20b'), member), badPath('enetId')],
  ['member: path of 65 characters', put(fixed(`/api/v1/members/${'a'.repeat(65)}`), member), badPath('enetId')],
  ['member: non-ASCII path', json('GET')(fixed('/api/v1/members/%E5%B1%B1%E7%94%B0')), badPath('enetId')],
  ['member: DELETE with an encoded slash', json('DELETE')(fixed('/api/v1/members/a%2Fb')), badPath('enetId')],
  ['card: bad Luhn', put(cardPath, (i: Ids) => card(i, { pan: badLuhn(i.pan) })), invalid('pan')],
  ['card: PAN too short', put(cardPath, (i: Ids) => card(i, { pan: '411111111111' })), invalid('pan')],
  ['card: PAN as a number', put(cardPath, (i: Ids) => card(i, { pan: Number(i.pan) })), invalid('pan')],
  ['card: expiry month 13', put(cardPath, (i: Ids) => card(i, { expiry: '2613' })), invalid('expiry')],
  ['card: expiry month 00', put(cardPath, (i: Ids) => card(i, { expiry: '2600' })), invalid('expiry')],
  ['card: missing status', put(cardPath, (i: Ids) => card(i, { status: undefined })), invalid('status')],
  ['card: unknown field cvv', put(cardPath, (i: Ids) => card(i, { cvv: '123' })), invalid('cvv')],
  ['card: bad cardRef', put(fixed('/api/v1/cards/card.1'), card), badPath('cardRef')],
  ['phone: landline', post(phonePath, { phone: '+81312345678' }), invalid('phone')],
  ['phone: not Japanese', post(phonePath, { phone: '+14155550123' }), invalid('phone')],
  ['phone: IP phone (050)', post(phonePath, { phone: '+815012345678' }), invalid('phone')],
  ['phone: missing', post(phonePath, {}), invalid('phone')],
  ['statement: 2026-02-30', post(statementPath, { noticeDate: '2026-02-30', channel: 'email' }), invalid('noticeDate')],
  ['statement: 2025-02-29', post(statementPath, { noticeDate: '2025-02-29', channel: 'email' }), invalid('noticeDate')],
  [
    'statement: a timestamp',
    post(statementPath, { noticeDate: '2026-03-01T00:00:00Z', channel: 'post' }),
    invalid('noticeDate'),
  ],
  ['statement: year 0000', post(statementPath, { noticeDate: '0000-01-01', channel: 'post' }), invalid('noticeDate')],
  [
    'member: deeply nested JSON',
    raw(memberPath, `${'['.repeat(30_000)}${']'.repeat(30_000)}`),
    { status: 400, code: 'invalid_body' },
  ],
  ['statement: unknown channel', post(statementPath, { noticeDate: '2026-03-01', channel: 'sms' }), invalid('channel')],
];

forEachDialect('issuer API: bad input and authentication', (getDb) => {
  let server: TestServer;
  const ids: Ids = { enetId: uniqueId('m'), cardRef: uniqueId('c'), pan: testPan() };
  before(async () => {
    await ensureIssuer(getDb().db, ISSUER);
    server = await startTestServer(getDb());
    // An enrolled member with a card: bad input must leave all of it exactly as it is.
    await call(server, 'PUT', memberPath(ids), member);
    await call(server, 'PUT', cardPath(ids), card(ids));
    await call(server, 'POST', phonePath(ids), { phone: testPhone() });
  });
  after(() => server.close());

  for (const [name, request, expected] of cases) {
    const field = expected.field ? ` (${expected.field})` : '';
    test(`${name} → ${expected.status} ${expected.code}${field}, nothing changed`, async () => {
      const before = await snapshot(getDb().db);
      const res = await send(server, request.path(ids), {
        method: request.method,
        ...(request.body && { body: request.body(ids) }),
        ...(request.body === undefined && { contentType: null }),
        ...(request.contentType && { contentType: request.contentType }),
      });
      assert.equal(res.status, expected.status, res.text);
      assert.equal(res.body?.code, expected.code);
      assert.equal(typeof res.body?.message, 'string');
      assert.equal(res.body?.field, expected.field);
      assert.ok(!res.text.includes(ids.pan), 'an error never echoes the PAN');
      assert.deepEqual(await snapshot(getDb().db), before);
    });
  }

  test('an oversized body sent without Content-Length (chunked) → 413', async () => {
    const before = await snapshot(getDb().db);
    const chunk = new TextEncoder().encode(`{"name":"${'x'.repeat(16 * 1024)}`);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const res = await fetch(`${server.url}${memberPath(ids)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${server.config.ISSUER_API_TOKEN}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { code: string }).code, 'payload_too_large');
    assert.deepEqual(await snapshot(getDb().db), before);
  });

  test('no token or an unknown token → 401; a token without the issuer scope → 403; nothing changed', async () => {
    const cavvOnly = `cavv-only-${randomBytes(12).toString('hex')}`;
    await getDb()
      .db.insertInto('api_tokens')
      .values({
        id: uniqueId('tok'),
        name: 'cavv only',
        token_mac: server.keys.mac('token', cavvOnly),
        scopes: 'cavv',
        created_by: 'test',
      })
      .execute();
    const before = await snapshot(getDb().db);
    const change = { ...member, name: 'changed' };
    for (const [token, status, code] of [
      [null, 401, 'unauthorized'],
      ['not-a-real-token-0123456789', 401, 'unauthorized'],
      [cavvOnly, 403, 'forbidden'],
    ] as const) {
      const put = await call(server, 'PUT', memberPath(ids), change, token);
      assert.deepEqual([put.status, put.body?.code], [status, code]);
      const get = await call(server, 'GET', memberPath(ids), undefined, token);
      assert.deepEqual([get.status, get.body?.code], [status, code]);
      const del = await call(server, 'DELETE', memberPath(ids), undefined, token);
      assert.equal(del.status, status);
    }
    assert.deepEqual(await snapshot(getDb().db), before);
  });
});
