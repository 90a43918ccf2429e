import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { addContact, setTransactionFacts } from '../../src/features/investigations/service/facts.ts';
import { ConsoleClient, makeOperator } from '../console/support.ts';
import { PortalClient, seedPortalMember } from '../portal/support.ts';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { type CaseWorld, caseWorld, reportedCase, uploadAttachment } from './support.ts';

const COOKIE = '__Host-ninsho_console';

forEachDialect('fraud investigation security', (getDb) => {
  let server: TestServer;
  let w: CaseWorld;
  before(async () => {
    server = await startTestServer(getDb());
    w = await caseWorld(getDb(), new Date().toISOString());
  });
  after(async () => {
    await server.close();
  });

  async function signedIn(role: 'investigator' | 'operator' | 'auditor' | 'admin') {
    const op = await makeOperator(getDb().db, server.keys, role);
    const client = new ConsoleClient(server.url);
    const csrf = await client.signIn(op.principal.username, op.password, op.secret);
    return { op, client, csrf };
  }

  async function auditCount(): Promise<number> {
    const row = await getDb()
      .db.selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function upload(client: ConsoleClient, path: string, csrf: string, file: Blob, name: string) {
    const res = await uploadAttachment(server.url, client, path, csrf, { blob: file, name });
    return { status: res.status, text: await res.text() };
  }

  test('roles: operators and auditors read cases but cannot act; investigators act', async () => {
    const { caseId } = await reportedCase(w, getDb().db, [{ merchant: 'A', amount: '1000' }]);
    const page = `/console/cases/${caseId}`;
    for (const role of ['operator', 'auditor', 'admin'] as const) {
      const { client, csrf } = await signedIn(role);
      assert.equal((await client.request('/console/cases')).res.status, 200, `${role} queue`);
      const view = await client.request(page);
      assert.equal(view.res.status, 200, `${role} case page`);
      assert.doesNotMatch(view.text, /action="[^"]*\/decision"/, `${role} sees no decision form`);
      const before = await auditCount();
      for (const [path, form] of [
        [`${page}/decision`, { outcome: 'waived', reasons: 'r', overrideReason: 'o' }],
        [`${page}/assign`, { assignee: 'x' }],
        [`${page}/notes`, { kind: 'note', body: 'x' }],
        [`${page}/close`, { note: '' }],
        ['/console/cases', { enetId: 'x', source: 'phone', summary: 's' }],
        ['/console/disasters', { name: 'x', startsAt: '2026-01-01T00:00', endsAt: '2026-01-02T00:00', note: 'n' }],
      ] as const) {
        const { res } = await client.request(path, { form: { csrf, ...form } });
        assert.equal(res.status, 403, `${role} ${path}`);
      }
      assert.equal((await client.request('/console/cases/new')).res.status, 403);
      assert.equal(await auditCount(), before, `${role}: no refused write was audited`);
    }
    const inv = await signedIn('investigator');
    const view = await inv.client.request(page);
    assert.match(view.text, /action="[^"]*\/assign"/);
    const assigned = await inv.client.request(`${page}/assign`, {
      form: { csrf: inv.csrf, assignee: inv.op.principal.id },
    });
    assert.equal(assigned.res.status, 303);
    const state = await getDb()
      .db.selectFrom('investigation_cases')
      .select(['state', 'assignee_id'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(state, { state: 'investigating', assignee_id: inv.op.principal.id });
    // A bad id is a 404 page, bad input a 400: never a 500.
    assert.equal((await inv.client.request('/console/cases/case_nope')).res.status, 404);
    const bad = await inv.client.request(`${page}/decision`, {
      form: { csrf: inv.csrf, outcome: 'maybe', reasons: '' },
    });
    assert.equal(bad.res.status, 400);
  });

  test('CSRF: a case write without the token or from another origin is refused and changes nothing', async () => {
    const { caseId } = await reportedCase(w, getDb().db, [{ merchant: 'A', amount: '1000' }]);
    const { client, csrf } = await signedIn('investigator');
    const path = `/console/cases/${caseId}/notes`;
    const form = { kind: 'note', body: 'csrf test' };
    const before = await auditCount();
    assert.equal((await client.request(path, { form })).res.status, 403);
    assert.equal((await client.request(path, { form: { ...form, csrf: 'A'.repeat(43) } })).res.status, 403);
    assert.equal(
      (await client.request(path, { form: { ...form, csrf }, origin: 'https://evil.example' })).res.status,
      403,
    );
    assert.equal(await auditCount(), before);
    assert.equal((await client.request(path, { form: { ...form, csrf } })).res.status, 303);
  });

  test('a member sees only their own cases', async () => {
    const { db } = getDb();
    const alice = await seedPortalMember(db, server.keys);
    const bob = await seedPortalMember(db, server.keys);
    const mine = await reportedCase(w, db, [{ merchant: 'Mine', amount: '1000' }], alice);
    const theirs = await reportedCase(w, db, [{ merchant: 'Theirs', amount: '1000' }], bob);
    const client = new PortalClient(server.url);
    await client.signIn(alice.enetId);
    const list = await client.get('/enet/fraud');
    assert.equal(list.status, 200);
    assert.match(list.html, new RegExp(mine.memberReference));
    assert.doesNotMatch(list.html, new RegExp(theirs.memberReference));
    assert.doesNotMatch(list.html, new RegExp(mine.reference), 'the staff reference is not shown to the member');
    assert.equal((await client.get(`/enet/fraud/cases/${mine.caseId}`)).status, 200);
    const other = await client.get(`/enet/fraud/cases/${theirs.caseId}`);
    assert.equal(other.status, 404);
    assert.doesNotMatch(other.html, /Theirs/);
    await client.get(`/enet/fraud/cases/${mine.caseId}`);
    const post = await client.post(`/enet/fraud/cases/${theirs.caseId}/answer`, { request: 'coop_x', answer: 'x' });
    assert.equal(post.status, 404);
    const signedOut = new PortalClient(server.url);
    const anon = await signedOut.get(`/enet/fraud/cases/${mine.caseId}`);
    assert.equal(anon.status, 303);
  });

  test('attachments: size and type limits; the stored copy keeps its SHA-256', async () => {
    const { caseId } = await reportedCase(w, getDb().db, [{ merchant: 'A', amount: '1000' }]);
    const { client, csrf } = await signedIn('investigator');
    const path = `/console/cases/${caseId}/attachments`;
    const big = await upload(
      client,
      path,
      csrf,
      new Blob([new Uint8Array(6 * 1024 * 1024)], { type: 'text/plain' }),
      'big.txt',
    );
    assert.equal(big.status, 413);
    const exe = await upload(client, path, csrf, new Blob(['MZ'], { type: 'application/x-msdownload' }), 'a.exe');
    assert.equal(exe.status, 400);
    const fake = await upload(client, path, csrf, new Blob(['not a png'], { type: 'image/png' }), 'a.png');
    assert.equal(fake.status, 400);
    const ops = await signedIn('operator');
    const refused = await upload(ops.client, path, ops.csrf, new Blob(['x'], { type: 'text/plain' }), 'a.txt');
    assert.equal(refused.status, 403);
    const body = '配送伝票の写し\n';
    const ok = await upload(client, path, csrf, new Blob([body], { type: 'text/plain' }), '../../伝票.txt');
    assert.equal(ok.status, 303);
    const row = await getDb()
      .db.selectFrom('investigation_attachments')
      .select(['id', 'file_name', 'sha256', 'size'])
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.equal(row.file_name, '伝票.txt');
    assert.equal(row.sha256, createHash('sha256').update(body).digest('hex'));
    const download = await fetch(`${server.url}/console/cases/${caseId}/attachments/${row.id}`, {
      headers: { cookie: `${COOKIE}=${client.token}` },
    });
    assert.equal(download.status, 200);
    assert.match(download.headers.get('content-disposition') ?? '', /^attachment;/);
    assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(await download.text(), body);
  });

  test('no unmasked phone number on the case pages', async () => {
    const { db } = getDb();
    const holder = await seedPortalMember(db, server.keys);
    const { caseId } = await reportedCase(w, db, [{ merchant: 'A', amount: '1000' }], holder);
    await addContact(w.deps, w.alice, caseId, {
      kind: 'phone',
      place: 'home',
      owner: 'related_person',
      value: '090-8765-4321',
      note: 'brother',
    });
    const txn = await db
      .selectFrom('investigation_transactions')
      .select('id')
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    await setTransactionFacts(w.deps, w.alice, caseId, {
      transactionId: txn.id,
      delivery: 'unknown',
      deliveryNote: '',
      origin: 'unknown',
      originNote: '',
      originPhone: '+819087654321',
    });
    const { client } = await signedIn('investigator');
    const page = await client.request(`/console/cases/${caseId}`);
    assert.equal(page.res.status, 200);
    const digits = page.text.replace(/[\s-]/g, '');
    for (const phone of [holder.phone, '+819087654321']) {
      assert.ok(!digits.includes(phone.slice(3)), 'full national number absent');
      assert.ok(!digits.includes(`0${phone.slice(3)}`), 'national format absent');
    }
    assert.match(page.text, /090-\*\*\*\*-4321/);
    const portal = new PortalClient(server.url);
    await portal.signIn(holder.enetId);
    const mine = await portal.get(`/enet/fraud/cases/${caseId}`);
    assert.ok(!mine.html.replace(/[\s-]/g, '').includes(holder.phone.slice(3)));
    assert.doesNotMatch(mine.html, /4321/, 'no investigator facts on the member page');
  });
});
