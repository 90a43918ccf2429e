import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { IMPORT_BODY_LIMIT } from '../../src/app/http/limits.ts';
import { runImport, SimulatedCrash } from '../../src/features/issuer-api/import/importer.ts';
import { ensureIssuer } from '../../src/features/issuer-api/issuers.ts';
import { maskPan, maskPhone } from '../../src/infra/crypto/mask.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { ConsoleClient, makeOperator } from '../console/support.ts';
import { forEachDialect } from '../support/databases.ts';
import { ISSUER, testPan, testPhone } from '../support/fixtures.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { startTestServer, TEST_API_TOKEN, type TestServer } from '../support/server.ts';
import { call, snapshot, uniqueId } from './api-support.ts';

interface Line {
  enetId: string;
  name: string;
  email: string;
  status: 'active' | 'suspended';
  cards: { cardRef: string; pan: string; expiry: string; status: 'active' | 'closed' }[];
  phone?: string;
}

function memberLine(opts: { cards?: number; phone?: boolean } = {}): Line {
  const enetId = uniqueId('m');
  return {
    enetId,
    name: '山田 太郎',
    email: `${enetId}@example.jp`,
    status: 'active',
    cards: Array.from({ length: opts.cards ?? 1 }, () => ({
      cardRef: uniqueId('c'),
      pan: testPan(),
      expiry: '3012',
      status: 'active' as const,
    })),
    ...(opts.phone !== false && { phone: testPhone() }),
  };
}

const ndjson = (lines: (Line | string)[]) =>
  `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`;

async function postImport(
  server: TestServer,
  body: string | ReadableStream<Uint8Array>,
  opts: { importId?: string; contentType?: string; token?: string | null } = {},
) {
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/x-ndjson' };
  if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? TEST_API_TOKEN}`;
  const query = opts.importId ? `?importId=${opts.importId}` : '';
  const res = await fetch(`${server.url}/api/v1/imports${query}`, {
    method: 'POST',
    headers,
    body,
    ...(typeof body !== 'string' && { duplex: 'half' }),
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown>, text };
}

function counts(rows: Record<string, unknown[]>): Record<string, number> {
  return Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.length]));
}

forEachDialect('bulk enrolment import (issue #17 item 5)', (getDb) => {
  let server: TestServer;
  before(async () => {
    await ensureIssuer(getDb().db, ISSUER);
    server = await startTestServer(getDb());
  });
  after(() => server.close());

  test('a valid file creates what the GET endpoints return and what authenticates; a re-import changes nothing', async () => {
    const withPhone = memberLine({ cards: 2 });
    const noPhone = memberLine({ phone: false });
    const body = ndjson([withPhone, noPhone]);
    const first = await postImport(server, body);
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.status, 'completed');
    assert.deepEqual(
      [first.body.lines, first.body.created, first.body.updated, first.body.unchanged, first.body.failed],
      [2, 2, 0, 0, 0],
    );
    assert.match(String(first.body.importId), /^imp_/);

    const read = await call(server, 'GET', `/api/v1/members/${withPhone.enetId}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, {
      enetId: withPhone.enetId,
      name: withPhone.name,
      email: withPhone.email,
      status: 'active',
      enrollment: 'enrolled',
      enrollmentReason: null,
      phone: maskPhone(withPhone.phone!),
      cards: withPhone.cards.map((c) => ({
        cardRef: c.cardRef,
        enetId: withPhone.enetId,
        pan: maskPan(c.pan),
        expiry: '3012',
        status: 'active',
      })),
    });
    const other = await call(server, 'GET', `/api/v1/members/${noPhone.enetId}`);
    assert.equal(other.body?.enrollment, 'not_enrolled');
    assert.deepEqual(
      ((other.body?.cards ?? []) as { cardRef: string }[]).map((c) => c.cardRef),
      [noPhone.cards[0]!.cardRef],
    );

    const { json: ares } = await postAReq(server.url, browserAReq(withPhone.cards[1]!.pan));
    assert.equal(ares.transStatus, 'C', JSON.stringify(ares));

    const before = counts(await snapshot(getDb().db));
    const again = await postImport(server, body, { importId: uniqueId('again') });
    assert.equal(again.status, 200, again.text);
    assert.deepEqual([again.body.created, again.body.updated, again.body.unchanged], [0, 0, 2]);
    assert.deepEqual(counts(await snapshot(getDb().db)), before, 'no new rows, audit or enrollment');

    // A changed line updates like the PUT endpoints: a new name, the last card closed (terms art. 8-1-1).
    const changed = { ...noPhone, name: '山田 花子', cards: [{ ...noPhone.cards[0]!, status: 'closed' as const }] };
    const third = await postImport(server, ndjson([withPhone, changed]));
    assert.deepEqual([third.body.created, third.body.updated, third.body.unchanged], [0, 1, 1]);
    const after = await call(server, 'GET', `/api/v1/members/${noPhone.enetId}`);
    assert.equal(after.body?.name, '山田 花子');
    assert.equal(after.body?.enrollment, 'deregistered');
    assert.equal(after.body?.enrollmentReason, '8-1-1');
    const audit = await getDb()
      .db.selectFrom('audit_log')
      .select(['action', 'after'])
      .where('subject_id', '=', String(third.body.importId))
      .execute();
    assert.equal(audit.length, 1, 'one audit row for the batch, not one per line');
    assert.equal(audit[0]!.action, 'import.batch');
  });

  test('bad lines are reported by line and field, change nothing, and never echo a PAN or phone', async () => {
    const good1 = memberLine();
    const badField = memberLine();
    badField.cards[0]!.expiry = '3013';
    const outside = memberLine();
    outside.cards[0]!.pan = '4000000000000002';
    const dupPan = memberLine();
    dupPan.cards[0]!.pan = good1.cards[0]!.pan;
    const badPhone = memberLine();
    badPhone.phone = '+81312345678';
    const good2 = memberLine({ phone: false });
    const unknownField = { ...memberLine(), stauts: 'active' };
    const res = await postImport(
      server,
      ndjson([
        good1,
        `{"enetId": "${uniqueId('m')}", "pan": "4111`,
        badField,
        outside,
        dupPan,
        badPhone,
        good2,
        JSON.stringify(unknownField),
      ]),
    );
    assert.equal(res.status, 200, res.text);
    assert.deepEqual([res.body.created, res.body.failed, res.body.lines], [2, 6, 8]);
    const errors = res.body.errors as { line: number; field: string | null; code: string; message: string }[];
    assert.deepEqual(
      errors.map((e) => [e.line, e.field, e.code]),
      [
        [2, null, 'invalid_json'],
        [3, 'cards[0].expiry', 'invalid_field'],
        [4, 'cards[0].pan', 'pan_out_of_range'],
        [5, 'cards[0].pan', 'conflict'],
        [6, 'phone', 'invalid_field'],
        [8, 'stauts', 'invalid_field'],
      ],
    );
    for (const secret of [good1.cards[0]!.pan, '4000000000000002', '312345678', badField.cards[0]!.pan]) {
      assert.ok(!res.text.includes(secret), 'no PAN or phone in the answer');
      assert.ok(!res.text.includes(secret.slice(-8)), 'not even part of one');
    }
    for (const failed of [badField, outside, dupPan, badPhone, unknownField]) {
      const member = await call(server, 'GET', `/api/v1/members/${failed.enetId}`);
      assert.equal(member.status, 404, 'a failed line writes nothing');
    }
    assert.equal((await call(server, 'GET', `/api/v1/members/${good2.enetId}`)).status, 200);
    const progress = await call(server, 'GET', `/api/v1/imports/${String(res.body.importId)}`);
    assert.equal(progress.status, 200);
    assert.deepEqual(progress.body?.errors, errors);
  });

  test('an import stopped after k batches resumes with the same id to the exact final state', async () => {
    const { db } = getDb();
    const lines = Array.from({ length: 10 }, (_, i) => memberLine({ phone: i % 2 === 0 }));
    const file = Buffer.from(ndjson([...lines.slice(0, 4), '{broken', ...lines.slice(4)]));
    const deps = { db, keys: server.keys, clock: { now: () => new Date() } };
    const importId = uniqueId('resume');
    const options = { importId, source: 'cli' as const, actor: 'cli', batchLines: 3 };
    await assert.rejects(runImport(deps, [file], { ...options, crashAfterBatches: 2 }), SimulatedCrash);
    const mid = await call(server, 'GET', `/api/v1/imports/${importId}`);
    assert.deepEqual([mid.body?.status, mid.body?.committedLine, mid.body?.created], ['running', 6, 5]);
    const present = await db
      .selectFrom('members')
      .select('enet_id')
      .where(
        'enet_id',
        'in',
        lines.map((l) => l.enetId),
      )
      .execute();
    assert.deepEqual(
      present.map((r) => r.enet_id).sort(),
      lines
        .slice(0, 5)
        .map((l) => l.enetId)
        .sort(),
      'whole lines only',
    );
    // Resent as small chunks: the line reader joins lines split across chunks.
    const chunks = Array.from({ length: Math.ceil(file.length / 7) }, (_, i) => file.subarray(i * 7, i * 7 + 7));
    const done = await runImport(deps, chunks, options);
    assert.deepEqual(
      [done.status, done.lines, done.created, done.unchanged, done.failed],
      ['completed', 11, 10, 0, 1],
      'the skipped lines are not counted twice',
    );
    const events = await db
      .selectFrom('enrollment_events')
      .select('enet_id')
      .where(
        'enet_id',
        'in',
        lines.map((l) => l.enetId),
      )
      .execute();
    assert.equal(events.length, 5, 'one phone_bound event per member with a phone');
    const members = await db
      .selectFrom('members')
      .select(['enet_id', 'enrollment'])
      .where(
        'enet_id',
        'in',
        lines.map((l) => l.enetId),
      )
      .execute();
    assert.equal(members.length, 10);
  });

  test('no token 401, wrong type 415, unknown import 404; the route is streamed, its limit 1 GiB', async () => {
    assert.equal((await postImport(server, ndjson([memberLine()]), { token: null })).status, 401);
    assert.equal((await postImport(server, ndjson([memberLine()]), { contentType: 'application/json' })).status, 415);
    assert.equal((await postImport(server, '', { importId: 'bad id!' })).status, 400);
    assert.equal((await call(server, 'GET', '/api/v1/imports/nope')).status, 404);
    assert.equal(IMPORT_BODY_LIMIT, 1024 * 1024 * 1024);
  });

  test('a body over IMPORT_MAX_BYTES is cut with 413; the whole lines before the cut stay and the id resumes', async () => {
    const small = await startTestServer(getDb(), { env: { IMPORT_MAX_BYTES: '4096' } });
    try {
      const lines = Array.from({ length: 40 }, () => memberLine());
      const importId = uniqueId('big');
      const res = await postImport(small, ndjson(lines), { importId });
      assert.equal(res.status, 413, res.text);
      assert.equal(res.body.code, 'payload_too_large');
      assert.equal(res.body.status, 'interrupted');
      const resumed = await postImport(server, ndjson(lines), { importId });
      assert.equal(resumed.status, 200);
      assert.equal(resumed.body.created, 40);
    } finally {
      await small.close();
    }
  });

  test('a 50,000-line file streams through HTTP without being buffered', { timeout: 240_000 }, async () => {
    const total = 50_000;
    const prefix = uniqueId('s');
    let i = 0;
    const encoder = new TextEncoder();
    // Generated as it is sent: neither side ever holds the whole file.
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i >= total) {
          controller.close();
          return;
        }
        let chunk = '';
        for (let n = 0; n < 500 && i < total; n++, i++) {
          chunk += `${JSON.stringify({ enetId: `${prefix}_${i}`, name: 'n', email: 'a@example.jp', status: 'active', cards: [] })}\n`;
        }
        controller.enqueue(encoder.encode(chunk));
      },
    });
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = heapBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 50);
    const res = await postImport(server, stream).finally(() => clearInterval(sampler));
    assert.equal(res.status, 200, res.text.slice(0, 300));
    assert.deepEqual([res.body.lines, res.body.created, res.body.failed], [total, total, 0]);
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    console.log(`# 50k lines (${mb(total * 90)} MB): heap ${mb(heapBefore)} → peak ${mb(peak)} MB`);
    assert.ok(peak - heapBefore < 200 * 1024 * 1024, `heap grew by ${mb(peak - heapBefore)} MB`);
  });

  test('console 一括登録 / Imports: progress and line errors for operators, Japanese by default, JST times', async () => {
    const bad = memberLine();
    bad.cards[0]!.expiry = '3013';
    const res = await postImport(server, ndjson([memberLine(), bad]));
    const importId = String(res.body.importId);
    const op = await makeOperator(getDb().db, server.keys, 'operator');
    const client = new ConsoleClient(server.url);
    await client.signIn(op.principal.username, op.password, op.secret);
    const list = await client.request('/console/imports');
    assert.equal(list.res.status, 200);
    assert.match(list.text, /一括登録/);
    assert.ok(list.text.includes(importId));
    assert.match(list.text, /\d{4}-\d{2}-\d{2} \d{2}:\d{2} JST/);
    const one = await client.request(`/console/imports/${importId}?lang=en`);
    assert.equal(one.res.status, 200);
    assert.match(one.text, /Line errors/);
    assert.match(one.text, /cards\[0\]\.expiry/);
    assert.ok(!one.text.includes(bad.cards[0]!.pan), 'no PAN on the page');
    assert.equal((await client.request('/console/imports/nope')).res.status, 404);
  });

  test('a batch the database refuses is applied line by line: only the refused line fails', async () => {
    const { db } = getDb();
    // A rule the set checks do not know (here a trigger standing in for any constraint or concurrent insert).
    await sql`create function refuse_marked() returns trigger language plpgsql as $$
      begin
        if new.name = 'REFUSE' then raise exception 'refused' using errcode = '23514'; end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger refuse_marked before insert on members for each row execute function refuse_marked()`.execute(
      db,
    );
    try {
      const refused = { ...memberLine(), name: 'REFUSE' };
      const lines = [memberLine(), refused, memberLine({ phone: false })];
      const res = await postImport(server, ndjson(lines));
      assert.equal(res.status, 200, res.text);
      assert.deepEqual([res.body.created, res.body.failed], [2, 1]);
      assert.deepEqual(
        (res.body.errors as { line: number; code: string }[]).map((e) => [e.line, e.code]),
        [[2, 'refused']],
      );
      assert.equal((await call(server, 'GET', `/api/v1/members/${refused.enetId}`)).status, 404);
      const third = await call(server, 'GET', `/api/v1/members/${lines[2]!.enetId}`);
      assert.equal(third.status, 200);
    } finally {
      await sql`drop trigger refuse_marked on members`.execute(db);
      await sql`drop function refuse_marked()`.execute(db);
    }
  });

  test('a slow sender is not cut by REQUEST_TIMEOUT_SECONDS while data keeps coming; a silence is (408)', {
    timeout: 60_000,
  }, async () => {
    const slow = await startTestServer(getDb(), { env: { REQUEST_TIMEOUT_SECONDS: '1' } });
    const encoder = new TextEncoder();
    const paced = (lines: Line[], gapMs: number, stallMs = 0) => {
      let i = 0;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (i === lines.length) {
            if (stallMs) await new Promise((r) => setTimeout(r, stallMs));
            controller.close();
            return;
          }
          if (i > 0) await new Promise((r) => setTimeout(r, gapMs));
          controller.enqueue(encoder.encode(`${JSON.stringify(lines[i++])}\n`));
        },
      });
    };
    try {
      // 3.5 s in all, 0.5 s between lines: longer than the 1 s request timeout, never idle for 1 s.
      const lines = Array.from({ length: 8 }, () => memberLine({ phone: false }));
      const done = await postImport(slow, paced(lines, 500));
      assert.equal(done.status, 200, done.text);
      assert.equal(done.body.created, 8);
      const stalled = await postImport(slow, paced([memberLine({ phone: false })], 0, 3000), {
        importId: uniqueId('idle'),
      });
      assert.equal(stalled.status, 408, stalled.text);
      assert.equal(stalled.body.status, 'interrupted');
    } finally {
      await slow.close();
    }
  });

  test('nothing the import logs or answers carries a PAN or a phone number', async () => {
    const logs: string[] = [];
    const logged = await startTestServer(getDb(), {
      logger: createLogger('debug', { write: (line: string) => void logs.push(line) }),
    });
    try {
      const good = memberLine();
      const badPan = memberLine();
      badPan.cards[0]!.pan = `${badPan.cards[0]!.pan.slice(0, -1)}${(Number(badPan.cards[0]!.pan.slice(-1)) + 1) % 10}`;
      const outside = memberLine();
      outside.cards[0]!.pan = '4000000000000002';
      const badPhone = { ...memberLine(), phone: '+81312345678' };
      const lines = [good, badPan, outside, badPhone, `{"enetId":"x","pan":"${good.cards[0]!.pan}"`];
      const res = await postImport(logged, ndjson(lines));
      assert.equal(res.status, 200);
      assert.equal(res.body.failed, 4);
      const secrets = [good.cards[0]!.pan, badPan.cards[0]!.pan, '4000000000000002', good.phone!, '312345678'];
      const seen = `${logs.join('')}${res.text}${JSON.stringify((await snapshot(getDb().db)).audit_log)}`;
      for (const secret of secrets) assert.ok(!seen.includes(secret.replace(/^\+81/, '')), 'no PAN or phone digits');
    } finally {
      await logged.close();
    }
  });
});
