import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { upsertCard, upsertMember } from '../../src/features/issuer-api/issuer-data.ts';
import { ensureIssuer } from '../../src/features/issuer-api/issuers.ts';
import { panIn, rangeSnapshot } from '../support/card-ranges.ts';
import { forEachDialect } from '../support/databases.ts';
import { ISSUER } from '../support/fixtures.ts';
import { browserAReq, postAReq } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { ConsoleClient, makeOperator } from './support.ts';

forEachDialect('console: card ranges, four-eyes deletion', (getDb) => {
  let server: TestServer;
  let first: ConsoleClient;
  let second: ConsoleClient;
  let csrf1 = '';
  let csrf2 = '';
  before(async () => {
    await ensureIssuer(getDb().db, ISSUER);
    server = await startTestServer(getDb());
    const a = await makeOperator(getDb().db, server.keys, 'admin');
    const b = await makeOperator(getDb().db, server.keys, 'admin');
    first = new ConsoleClient(server.url);
    second = new ConsoleClient(server.url);
    csrf1 = await first.signIn(a.principal.username, a.password, a.secret);
    csrf2 = await second.signIn(b.principal.username, b.password, b.secret);
  });
  after(() => server.close());

  const audit = (id: string) =>
    getDb()
      .db.selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('subject_id', '=', id)
      .orderBy('seq')
      .execute();

  test('the screen is Japanese by default, English with ?lang=en, and in the admin menu', async () => {
    const ja = await first.request('/console/card-ranges');
    assert.equal(ja.res.status, 200);
    assert.match(ja.text, /<html lang="ja"/);
    assert.match(ja.text, /カード番号範囲/);
    const en = await first.request('/console/card-ranges?lang=en');
    assert.match(en.text, /Card ranges/);
    assert.match((await first.request('/console')).text, /href="\/console\/card-ranges"/);
  });

  test('a refused form keeps the input and says why beside the field; nothing changes', async () => {
    const before = await rangeSnapshot(getDb().db);
    const short = await first.request('/console/card-ranges?lang=en', {
      form: { csrf: csrf1, rangeId: 'console_bad', startRange: '5800000000000', endRange: '58000000000009' },
    });
    assert.equal(short.res.status, 400);
    assert.match(short.text, /id="endRange-error"[^>]*>Use as many digits as the start\./);
    assert.match(short.text, /value="5800000000000"/);
    assert.match(short.text, /value="58000000000009"/);
    const badId = await first.request('/console/card-ranges', {
      form: { csrf: csrf1, rangeId: 'bad id', startRange: '5800000000000000', endRange: '5800000000000009' },
    });
    assert.equal(badId.res.status, 400);
    assert.match(badId.text, /id="rangeId-error"[^>]*>英数字/);
    const overlap = await first.request('/console/card-ranges?lang=en', {
      form: { csrf: csrf1, rangeId: 'console_overlap', startRange: '4111110000000000', endRange: '4111110000000099' },
    });
    assert.equal(overlap.res.status, 409);
    assert.match(
      overlap.text,
      /id="startRange-error"[^>]*>Overlaps card range rng_iss_default_4111110000_4111119999\./,
    );
    assert.deepEqual(await rangeSnapshot(getDb().db), before);
  });

  test('add, edit, then a deletion requested by one admin and approved by another stops authentication', async () => {
    const saved = await first.request('/console/card-ranges', {
      form: { csrf: csrf1, rangeId: 'console_r1', startRange: '5800000000000000', endRange: '5800000099999999' },
    });
    assert.equal(saved.res.status, 303);
    const edit = await first.request('/console/card-ranges?edit=console_r1');
    assert.match(edit.text, /value="5800000099999999"/, 'the edit form is filled in');
    const widened = await first.request('/console/card-ranges', {
      form: { csrf: csrf1, rangeId: 'console_r1', startRange: '5800000000000000', endRange: '5800000999999999' },
    });
    assert.equal(widened.res.status, 303);

    // Two active cards and a closed one in the range, one active card elsewhere.
    const deps = { db: getDb().db, keys: server.keys, clock: new ManualClock(new Date()) };
    await upsertMember(deps, 'console_range_m', { name: '範囲 花子', email: 'h@example.jp', status: 'active' }, 'test');
    const pan = panIn('58000001', 1);
    await upsertCard(deps, 'console_c1', { enetId: 'console_range_m', pan, expiry: '3012', status: 'active' }, 'test');
    await upsertCard(
      deps,
      'console_c2',
      { enetId: 'console_range_m', pan: panIn('580000099', 2), expiry: '3012', status: 'active' },
      'test',
    );
    await upsertCard(
      deps,
      'console_c3',
      { enetId: 'console_range_m', pan: panIn('58000002', 3), expiry: '3012', status: 'closed' },
      'test',
    );
    await upsertCard(
      deps,
      'console_c4',
      { enetId: 'console_range_m', pan: panIn('41111100', 4), expiry: '3012', status: 'active' },
      'test',
    );

    const confirm = await first.request('/console/card-ranges/console_r1/delete?lang=en');
    assert.equal(confirm.res.status, 200);
    assert.match(confirm.text, /id="affected-cards">2</);
    assert.match(confirm.text, /stops authentication for the 2 active card/);
    assert.match(
      (await first.request('/console/card-ranges/console_r1/delete')).text,
      /有効なカード 2 枚の本人認証ができなくなります/,
    );

    const noNote = await first.request('/console/card-ranges/console_r1/delete', { form: { csrf: csrf1, note: ' ' } });
    assert.equal(noNote.res.status, 400);
    assert.match(noNote.text, /id="note-error"/);
    const requested = await first.request('/console/card-ranges/console_r1/delete', {
      form: { csrf: csrf1, note: 'BIN returned to the network' },
    });
    assert.equal(requested.res.status, 303);
    const again = await first.request('/console/card-ranges/console_r1/delete', {
      form: { csrf: csrf1, note: 'twice' },
    });
    assert.equal(again.res.status, 409, 'one pending request per range');
    const pending = await getDb()
      .db.selectFrom('pending_approvals')
      .select(['id', 'status'])
      .where('range_id', '=', 'console_r1')
      .executeTakeFirstOrThrow();
    assert.equal((await postAReq(server.url, browserAReq(pan))).json.transStatus !== undefined, true, 'still served');

    const own = await first.request('/console/card-ranges?lang=en');
    assert.match(own.text, /Waiting for another admin/);
    const selfApprove = await first.request(`/console/card-ranges/approvals/${pending.id}/decide`, {
      form: { csrf: csrf1, decision: 'approved', note: '' },
    });
    assert.equal(selfApprove.res.status, 403);
    assert.ok(
      await getDb().db.selectFrom('card_ranges').select('id').where('id', '=', 'console_r1').executeTakeFirst(),
    );

    const approved = await second.request(`/console/card-ranges/approvals/${pending.id}/decide`, {
      form: { csrf: csrf2, decision: 'approved', note: 'checked with the card system' },
    });
    assert.equal(approved.res.status, 303);
    assert.equal(
      await getDb().db.selectFrom('card_ranges').select('id').where('id', '=', 'console_r1').executeTakeFirst(),
      undefined,
    );
    assert.equal((await postAReq(server.url, browserAReq(pan))).json.errorCode, '305', 'this node at once');
    const actions = (await audit('console_r1')).map((a) => a.action);
    assert.deepEqual(actions, [
      'card_range.create',
      'card_range.update',
      'console.card_range_deletion_requested',
      'console.card_range_deletion_approved',
      'card_range.delete',
    ]);
    const decided = await second.request(`/console/card-ranges/approvals/${pending.id}/decide`, {
      form: { csrf: csrf2, decision: 'approved', note: '' },
    });
    assert.equal(decided.res.status, 409, 'decided once');
  });

  test('a rejected deletion keeps the range; operators cannot reach the screen; their approvals page is unaffected', async () => {
    await first.request('/console/card-ranges', {
      form: { csrf: csrf1, rangeId: 'console_r2', startRange: '5900000000000000', endRange: '5900000999999999' },
    });
    await first.request('/console/card-ranges/console_r2/delete', { form: { csrf: csrf1, note: 'mistake?' } });
    const pending = await getDb()
      .db.selectFrom('pending_approvals')
      .select('id')
      .where('range_id', '=', 'console_r2')
      .executeTakeFirstOrThrow();
    const rejected = await second.request(`/console/card-ranges/approvals/${pending.id}/decide`, {
      form: { csrf: csrf2, decision: 'rejected', note: 'still issued' },
    });
    assert.equal(rejected.res.status, 303);
    assert.ok(
      await getDb().db.selectFrom('card_ranges').select('id').where('id', '=', 'console_r2').executeTakeFirst(),
    );

    const op = await makeOperator(getDb().db, server.keys, 'operator');
    const operator = new ConsoleClient(server.url);
    const csrf = await operator.signIn(op.principal.username, op.password, op.secret);
    assert.equal((await operator.request('/console/card-ranges')).res.status, 403);
    assert.doesNotMatch((await operator.request('/console')).text, /href="\/console\/card-ranges"/);
    assert.equal((await operator.request('/console/approvals')).res.status, 200);
    // The member approvals route does not decide range deletions.
    await first.request('/console/card-ranges/console_r2/delete', { form: { csrf: csrf1, note: 'again' } });
    const next = await getDb()
      .db.selectFrom('pending_approvals')
      .select('id')
      .where('range_id', '=', 'console_r2')
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    const wrongRoute = await operator.request(`/console/approvals/${next.id}/decide`, {
      form: { csrf, decision: 'approved', note: '' },
    });
    assert.equal(wrongRoute.res.status, 404);
    assert.ok(
      await getDb().db.selectFrom('card_ranges').select('id').where('id', '=', 'console_r2').executeTakeFirst(),
    );
  });
});
