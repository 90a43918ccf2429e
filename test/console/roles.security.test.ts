import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CONSOLE_ROUTES } from '../../src/features/console/access.ts';
import { GO_LIVE_ROUTES } from '../../src/features/go-live/console-access.ts';
import { INVESTIGATION_ROUTES } from '../../src/features/investigations/console/access.ts';
import { CARD_RANGE_ROUTES } from '../../src/features/issuer-api/console/access.ts';
import { KEY_ROUTES } from '../../src/features/keys/console/access.ts';
import { OPERATIONS_ROUTES } from '../../src/features/operations/console/access.ts';
import { RISK_ROUTES } from '../../src/features/risk/console/access.ts';
import { createTestDatabase, primaryDialect, type TestDatabase } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { ConsoleClient, makeOperator } from './support.ts';

const fill = (path: string) => path.replace(/:[A-Za-z]+/g, 'x_1');

describe(`console role checks and CSRF [${primaryDialect()}]`, () => {
  let database: TestDatabase;
  let server: TestServer;
  before(async () => {
    database = await createTestDatabase(primaryDialect());
    server = await startTestServer(database);
  });
  after(async () => {
    await server?.close();
    await database?.close();
  });

  test('signed out: pages redirect to sign-in, writes get 401', async () => {
    const client = new ConsoleClient(server.url);
    for (const r of CONSOLE_ROUTES) {
      const { res } = await client.request(fill(r.path), r.method === 'POST' ? { form: { csrf: 'x' } } : {});
      assert.equal(res.status, r.method === 'GET' ? 303 : 401, `${r.method} ${r.path}`);
    }
  });

  test('auditor: every route outside its roles is refused on the server (403), writes included', async () => {
    const auditor = await makeOperator(database.db, server.keys, 'auditor');
    const client = new ConsoleClient(server.url);
    const csrf = await client.signIn(auditor.principal.username, auditor.password, auditor.secret);
    const before = await database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    let writes = 0;
    for (const r of CONSOLE_ROUTES) {
      const roles: readonly string[] = r.roles;
      if (roles.includes('auditor')) continue;
      if (r.method === 'POST') writes++;
      const { res } = await client.request(
        fill(r.path),
        r.method === 'POST'
          ? {
              form: {
                csrf,
                note: 'n',
                reason: '8-1-4',
                method: 'branch_visit_id',
                name: 't',
                scopes: 'issuer',
                username: 'evil1',
                displayName: 'e',
                role: 'admin',
                decision: 'approved',
              },
            }
          : {},
      );
      assert.equal(res.status, 403, `${r.method} ${r.path}`);
    }
    // 11 core member/admin writes (the cardholder-data reveal and the admin-reset decision among them), plus every write of the investigation, operations, card range, key, go-live and risk policy areas (none is the auditor's).
    const areaWrites = [
      ...INVESTIGATION_ROUTES,
      ...OPERATIONS_ROUTES,
      ...CARD_RANGE_ROUTES,
      ...KEY_ROUTES,
      ...GO_LIVE_ROUTES,
      ...RISK_ROUTES,
    ].filter((r) => r.method === 'POST').length;
    assert.equal(writes, 11 + areaWrites);
    const afterCount = await database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(afterCount.n, before.n, 'no refused write left an audit row');
    for (const path of [
      '/console',
      '/console/members',
      '/console/transactions',
      '/console/audit',
      '/console/approvals',
    ]) {
      assert.equal((await client.request(path)).res.status, 200, path);
    }
  });

  test('CSRF: a write without the token or from another origin is refused', async () => {
    const admin = await makeOperator(database.db, server.keys, 'admin');
    const client = new ConsoleClient(server.url);
    const csrf = await client.signIn(admin.principal.username, admin.password, admin.secret);
    const form = { name: 'x', scopes: 'issuer' };
    assert.equal((await client.request('/console/tokens', { form })).res.status, 403);
    assert.equal(
      (await client.request('/console/tokens', { form: { ...form, csrf }, origin: 'https://evil.example' })).res.status,
      403,
    );
    assert.equal((await client.request('/console/tokens', { form: { ...form, csrf } })).res.status, 200);
  });

  test('sign-in: the session cookie is Strict, rotates, and wrong passwords throttle their source for that account', async () => {
    const op = await makeOperator(database.db, server.keys, 'operator');
    const client = new ConsoleClient(server.url);
    const csrf = await client.csrf();
    const pre = client.token;
    const { res } = await client.request('/console/sign-in', {
      form: { csrf, username: op.principal.username, password: op.password },
    });
    assert.equal(res.status, 303);
    assert.notEqual(client.token, pre);
    const cookie = res.headers.getSetCookie().join(';');
    assert.match(cookie, /__Host-ninsho_console=.*HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Secure/);
    const other = new ConsoleClient(server.url);
    for (let i = 0; i < 5; i++) {
      const t = await other.csrf();
      await other.request('/console/sign-in', {
        form: { csrf: t, username: op.principal.username, password: 'wrong-password-123' },
      });
    }
    const t = await other.csrf();
    const locked = await other.request('/console/sign-in', {
      form: { csrf: t, username: op.principal.username, password: op.password },
    });
    // Only this (account, source) pair is throttled: test/console/sign-in.security.test.ts signs in from elsewhere.
    assert.equal(locked.res.status, 429);
  });
});
