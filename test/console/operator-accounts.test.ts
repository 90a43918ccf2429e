import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { verifyPassword } from '../../src/infra/crypto/password.ts';
import { totpCode } from '../../src/infra/crypto/totp.ts';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { ConsoleClient, makeOperator } from './support.ts';

/** Issue #18 item 4: own password change, forced change of issued passwords, TOTP QR code, admin resets. */
forEachDialect('operator accounts', (getDb) => {
  let server: TestServer;
  const clock = new ManualClock('2026-12-05T01:00:00Z');
  before(async () => {
    server = await startTestServer(getDb(), { clock });
  });
  after(() => server.close());
  // Fresh rate-limit windows and TOTP steps for each test; each sign-in below moves on by a step too.
  beforeEach(() => clock.advance(3_600_000));

  const db = () => getDb().db;
  const signIn = async (username: string, password: string, secret: string) => {
    clock.advance(60_000);
    const c = new ConsoleClient(server.url);
    const csrf = await c.signIn(username, password, secret, clock.now());
    return { c, csrf };
  };
  const operatorRow = (id: string) =>
    db().selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const auditsOf = (id: string, action: string) =>
    db()
      .selectFrom('audit_log')
      .select(['actor', 'action', 'reason'])
      .where('subject_id', '=', id)
      .where('action', '=', action)
      .execute();
  /** The operator's pending-session steps: password, then the enrolment page's otpauth URI and a code. */
  const enrolFromPage = async (c: ConsoleClient, username: string, password: string) => {
    let csrf = await c.csrf();
    const first = await c.request('/console/sign-in', { form: { csrf, username, password } });
    assert.equal(first.res.headers.get('location'), '/console/sign-in/enrol');
    const page = await c.request('/console/sign-in/enrol');
    const uri = /data-otpauth="([^"]+)"/.exec(page.text)?.[1]?.replaceAll('&amp;', '&') ?? '';
    assert.match(page.text, /<svg role="img" aria-label="認証アプリ登録用の QR コード"/);
    const secret = new URL(uri).searchParams.get('secret') ?? '';
    csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const done = await c.request('/console/sign-in/enrol', {
      form: { csrf, code: await totpCode(secret, clock.now()) },
    });
    return { uri, secret, location: done.res.headers.get('location') };
  };

  test('an operator changes their own password: refusals beside the field, then sessions rotate', async () => {
    const op = await makeOperator(db(), server.keys, 'operator');
    const { c, csrf } = await signIn(op.principal.username, op.password, op.secret);
    const other = await signIn(op.principal.username, op.password, op.secret);
    const before = (await operatorRow(op.principal.id)).password_hash;
    const post = (form: Record<string, string>) => c.request('/console/password', { form: { csrf, ...form } });
    const good = 'a-brand-new-passphrase-42';

    const wrong = await post({ current: 'not-my-password-1', next: good, confirm: good });
    assert.equal(wrong.res.status, 400);
    assert.match(wrong.text, /id="current-error"[^>]*>現在のパスワードが違います/);
    assert.match(wrong.text, /id="current"[^>]*aria-invalid="true"/);
    const differ = await post({ current: op.password, next: good, confirm: `${good}x` });
    assert.equal(differ.res.status, 400);
    assert.match(differ.text, /id="confirm-error"[^>]*>確認用の入力が一致しません/);
    const short = await post({ current: op.password, next: 'short-1', confirm: 'short-1' });
    assert.match(short.text, /id="next-error"[^>]*>12 文字以上/);
    const named = `${op.principal.username}-secret-99`;
    const withName = await post({ current: op.password, next: named, confirm: named });
    assert.match(withName.text, /ユーザー名を含まない/);
    assert.equal((await operatorRow(op.principal.id)).password_hash, before, 'refusals change nothing');
    assert.equal((await auditsOf(op.principal.id, 'console.password_changed')).length, 0);

    const oldToken = c.token;
    const ok = await post({ current: op.password, next: good, confirm: good });
    assert.equal(ok.res.status, 200);
    assert.match(ok.text, /パスワードを変更しました/);
    assert.notEqual(c.token, oldToken, 'the session id rotated');
    assert.equal((await c.request('/console')).res.status, 200, 'the new session works');
    const stale = new ConsoleClient(server.url);
    stale.token = oldToken;
    assert.equal((await stale.request('/console')).res.headers.get('location'), '/console/sign-in');
    assert.equal((await other.c.request('/console')).res.headers.get('location'), '/console/sign-in');
    const row = await operatorRow(op.principal.id);
    assert.ok(await verifyPassword(good, row.password_hash));
    assert.equal(row.password_must_change, false);
    const audits = await auditsOf(op.principal.id, 'console.password_changed');
    assert.deepEqual(
      audits.map((a) => a.actor),
      [`operator:${op.principal.id}`],
    );
    await signIn(op.principal.username, good, op.secret);
  });

  test('a password issued by an admin: enrol TOTP from the QR page, then only the change page until changed', async () => {
    const admin = await makeOperator(db(), server.keys, 'admin');
    const a = await signIn(admin.principal.username, admin.password, admin.secret);
    const username = `new${process.pid % 1000}q`;
    const made = await a.c.request('/console/operators', {
      form: { csrf: a.csrf, username, displayName: 'New Operator', role: 'operator' },
    });
    const issued = /id="new-password">([^<]+)</.exec(made.text)?.[1] ?? '';
    assert.ok(issued.length >= 12);
    const created = await db()
      .selectFrom('operators')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    assert.equal(created.password_must_change, true);

    clock.advance(60_000);
    const c = new ConsoleClient(server.url);
    const enrol = await enrolFromPage(c, username, issued);
    assert.match(enrol.uri, new RegExp(`^otpauth://totp/ninsho%20%E3%82%AB%E3%83%BC%E3%83%89:${username}\\?`));
    assert.equal(new URL(enrol.uri).searchParams.get('issuer'), 'ninsho カード');
    assert.equal(enrol.location, '/console/password', 'straight to the change page');
    const dash = await c.request('/console');
    assert.equal(dash.res.status, 303);
    assert.equal(dash.res.headers.get('location'), '/console/password');
    const page = await c.request('/console/password');
    assert.match(page.text, /管理者が発行したパスワード/);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const refused = await c.request('/console/members/E000000000/lift-lock', {
      form: { csrf, method: 'x', note: 'x' },
    });
    assert.equal(refused.res.status, 403);
    const mine = 'my-own-passphrase-2026';
    const ok = await c.request('/console/password', { form: { csrf, current: issued, next: mine, confirm: mine } });
    assert.equal(ok.res.status, 200);
    assert.equal((await c.request('/console')).res.status, 200, 'the console opens once changed');
    assert.equal((await operatorRow(created.id)).password_must_change, false);
  });

  test('an admin resets an operator at once; resetting an admin needs a second admin', async () => {
    const admin1 = await makeOperator(db(), server.keys, 'admin');
    const admin2 = await makeOperator(db(), server.keys, 'admin');
    const admin3 = await makeOperator(db(), server.keys, 'admin');
    const op = await makeOperator(db(), server.keys, 'operator');
    const target = await signIn(op.principal.username, op.password, op.secret);
    const a1 = await signIn(admin1.principal.username, admin1.password, admin1.secret);

    const noReason = await a1.c.request(`/console/operators/${op.principal.id}/change`, {
      form: { csrf: a1.csrf, change: 'reset_password', reason: ' ' },
    });
    assert.equal(noReason.res.status, 400);
    const reset = await a1.c.request(`/console/operators/${op.principal.id}/change`, {
      form: { csrf: a1.csrf, change: 'reset_password', reason: 'forgotten (ticket 118)' },
    });
    assert.equal(reset.res.status, 200);
    const temporary = /id="new-password">([^<]+)</.exec(reset.text)?.[1] ?? '';
    assert.ok(temporary.length >= 12);
    const row = await operatorRow(op.principal.id);
    assert.equal(row.password_must_change, true);
    assert.ok(await verifyPassword(temporary, row.password_hash));
    assert.equal((await target.c.request('/console')).res.headers.get('location'), '/console/sign-in');
    const audits = await auditsOf(op.principal.id, 'console.operator_reset_password');
    assert.deepEqual(audits, [
      {
        actor: `operator:${admin1.principal.id}`,
        action: 'console.operator_reset_password',
        reason: 'forgotten (ticket 118)',
      },
    ]);

    // Another admin: a request, which neither the requester nor the target may approve.
    const before = (await operatorRow(admin2.principal.id)).password_hash;
    const asked = await a1.c.request(`/console/operators/${admin2.principal.id}/change`, {
      form: { csrf: a1.csrf, change: 'reset_password', reason: 'lost phone and password' },
    });
    assert.match(asked.text, /別の管理者の承認後/);
    assert.equal((await operatorRow(admin2.principal.id)).password_hash, before);
    const request = await db()
      .selectFrom('pending_approvals')
      .selectAll()
      .where('operator_id', '=', admin2.principal.id)
      .executeTakeFirstOrThrow();
    assert.equal(request.kind, 'reset_operator');
    const again = await a1.c.request(`/console/operators/${admin2.principal.id}/change`, {
      form: { csrf: a1.csrf, change: 'reset_totp', reason: 'twice' },
    });
    assert.equal(again.res.status, 409);
    const own = await a1.c.request(`/console/operators/approvals/${request.id}/decide`, {
      form: { csrf: a1.csrf, decision: 'approved' },
    });
    assert.equal(own.res.status, 403, 'the requester cannot approve their own request');
    const a2 = await signIn(admin2.principal.username, admin2.password, admin2.secret);
    const self = await a2.c.request(`/console/operators/approvals/${request.id}/decide`, {
      form: { csrf: a2.csrf, decision: 'approved' },
    });
    assert.equal(self.res.status, 403, 'nor the admin being reset');
    assert.equal((await operatorRow(admin2.principal.id)).password_hash, before);

    const a3 = await signIn(admin3.principal.username, admin3.password, admin3.secret);
    const list = await a3.c.request('/console/operators');
    assert.match(list.text, new RegExp(`/console/operators/approvals/${request.id}/decide`));
    const approved = await a3.c.request(`/console/operators/approvals/${request.id}/decide`, {
      form: { csrf: a3.csrf, decision: 'approved', note: 'called admin2 back' },
    });
    assert.equal(approved.res.status, 200);
    const issued = /id="new-password">([^<]+)</.exec(approved.text)?.[1] ?? '';
    const after2 = await operatorRow(admin2.principal.id);
    assert.ok(await verifyPassword(issued, after2.password_hash));
    assert.equal(after2.password_must_change, true);
    assert.equal((await a2.c.request('/console')).res.headers.get('location'), '/console/sign-in');
    const trail = await db()
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('subject_id', '=', admin2.principal.id)
      .where('action', 'like', 'console.operator_reset%')
      .orderBy('seq')
      .execute();
    assert.deepEqual(trail, [
      { actor: `operator:${admin1.principal.id}`, action: 'console.operator_reset_requested' },
      { actor: `operator:${admin3.principal.id}`, action: 'console.operator_reset_approved' },
      { actor: `operator:${admin3.principal.id}`, action: 'console.operator_reset_password' },
    ]);
    const decided = await a3.c.request(`/console/operators/approvals/${request.id}/decide`, {
      form: { csrf: a3.csrf, decision: 'approved' },
    });
    assert.equal(decided.res.status, 409, 'decided once');
  });

  test('non-admins cannot reset anyone; a TOTP reset makes the operator enrol again', async () => {
    const op = await makeOperator(db(), server.keys, 'operator');
    const victim = await makeOperator(db(), server.keys, 'investigator');
    const o = await signIn(op.principal.username, op.password, op.secret);
    for (const change of ['reset_password', 'reset_totp']) {
      const res = await o.c.request(`/console/operators/${victim.principal.id}/change`, {
        form: { csrf: o.csrf, change, reason: 'no' },
      });
      assert.equal(res.res.status, 403);
    }
    assert.equal((await auditsOf(victim.principal.id, 'console.operator_reset_totp')).length, 0);
    const admin = await makeOperator(db(), server.keys, 'admin');
    const a = await signIn(admin.principal.username, admin.password, admin.secret);
    const res = await a.c.request(`/console/operators/${victim.principal.id}/change`, {
      form: { csrf: a.csrf, change: 'reset_totp', reason: 'new phone' },
    });
    assert.match(res.text, /TOTP を解除しました/);
    assert.equal((await operatorRow(victim.principal.id)).totp_secret_enc, null);
    clock.advance(60_000);
    const c = new ConsoleClient(server.url);
    const enrol = await enrolFromPage(c, victim.principal.username, victim.password);
    assert.equal(enrol.location, '/console');
  });
});
