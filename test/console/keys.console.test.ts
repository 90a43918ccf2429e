import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/core/clock.ts';
import { CVK_SWITCH_DELAY_MS, issueCavv } from '../../src/infra/crypto/cavv-keys.ts';
import { combineComponents, kcv, withOddParity } from '../../src/infra/crypto/cvk-material.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { forEachDialect } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { ConsoleClient, makeOperator } from './support.ts';

const COMPONENTS = ['89ABCDEF01234567FEDCBA9876543210', '0F1E2D3C4B5A69788796A5B4C3D2E1F0'];

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger('trace', stream) };
}

async function signedIn(server: TestServer, role: 'admin' | 'operator', at: Date) {
  const made = await makeOperator(server.server.deps.db, server.keys, role);
  const client = new ConsoleClient(server.url);
  const csrf = await client.signIn(made.principal.username, made.password, made.secret, at);
  return { client, csrf, id: made.principal.id };
}

forEachDialect('console key screen 鍵管理 / Keys', (getDb) => {
  const clock = new ManualClock(new Date());
  const log = capture();
  let server: TestServer;
  before(async () => {
    server = await startTestServer(getDb(), { clock, logger: log.logger, env: { LOG_LEVEL: 'trace' } });
  });
  after(async () => {
    await server.close();
  });

  test('two admins import a CVK (KCV shown once each), a third registers, the loader may not activate, another admin does', async () => {
    const db = getDb().db;
    const first = await signedIn(server, 'admin', clock.now());
    const second = await signedIn(server, 'admin', clock.now());
    const third = await signedIn(server, 'admin', clock.now());
    const operator = await signedIn(server, 'operator', clock.now());
    const count = async () => (await db.selectFrom('audit_log').select('id').execute()).length;

    // Admins only.
    assert.equal((await operator.client.request('/console/keys')).res.status, 403);
    assert.equal(
      (await operator.client.request('/console/keys/ceremonies', { form: { csrf: operator.csrf, components: '2' } }))
        .res.status,
      403,
    );

    const list = await first.client.request('/console/keys?lang=en');
    assert.equal(list.res.status, 200);
    assert.match(list.text, /CAVV keys \(CVK\)/);
    const active = server.keys.cvks().find((c) => c.state === 'active');
    assert.ok(active);
    assert.match(list.text, new RegExp(`${active.kcv}`), 'the active key is listed with its KCV');
    assert.match((await first.client.request('/console/keys')).text, /鍵管理/);

    // Bad input: the message beside the field, nothing changes.
    let audits = await count();
    const bad = await first.client.request('/console/keys/ceremonies', { form: { csrf: first.csrf, components: '4' } });
    assert.equal(bad.res.status, 400);
    assert.match(bad.text, /id="error-begin"[^>]*>components: 2 or 3/);
    assert.equal(await count(), audits);

    const begun = await first.client.request('/console/keys/ceremonies', {
      form: { csrf: first.csrf, components: '2' },
    });
    assert.equal(begun.res.status, 303);
    const ceremony = await db
      .selectFrom('cvk_ceremonies')
      .select('id')
      .where('state', '=', 'open')
      .executeTakeFirstOrThrow();

    audits = await count();
    const notHex = await first.client.request(`/console/keys/ceremonies/${ceremony.id}/component?lang=en`, {
      form: { csrf: first.csrf, component: 'zz' },
    });
    assert.equal(notHex.res.status, 400);
    assert.match(notHex.text, /a component is 32 hexadecimal digits/);
    assert.equal(await count(), audits);

    const one = await first.client.request(`/console/keys/ceremonies/${ceremony.id}/component?lang=en`, {
      form: { csrf: first.csrf, component: COMPONENTS[0]! },
    });
    assert.equal(one.res.status, 200);
    const kcv1 = kcv(Buffer.from(COMPONENTS[0]!, 'hex'));
    assert.match(one.text, new RegExp(`id="component-kcv">${kcv1}<`));
    assert.doesNotMatch((await first.client.request('/console/keys')).text, new RegExp(kcv1), 'shown only once');

    const again = await first.client.request(`/console/keys/ceremonies/${ceremony.id}/component?lang=en`, {
      form: { csrf: first.csrf, component: COMPONENTS[1]! },
    });
    assert.equal(again.res.status, 403);
    assert.match(again.text, /role="alert"[^>]*>each component must be entered by a different officer/);

    const two = await second.client.request(`/console/keys/ceremonies/${ceremony.id}/component`, {
      form: { csrf: second.csrf, component: COMPONENTS[1]! },
    });
    assert.match(two.text, new RegExp(`id="component-kcv">${kcv(Buffer.from(COMPONENTS[1]!, 'hex'))}<`));

    const loaded = await first.client.request(`/console/keys/ceremonies/${ceremony.id}/finish?lang=en`, {
      form: { csrf: first.csrf },
    });
    const combined = withOddParity(combineComponents(COMPONENTS.map((c) => Buffer.from(c, 'hex'))));
    assert.match(loaded.text, new RegExp(`id="key-kcv">${kcv(combined)}<`));
    const key = await db
      .selectFrom('cvk_keys')
      .select(['id', 'key_indicator'])
      .where('state', '=', 'loaded')
      .executeTakeFirstOrThrow();
    assert.notEqual(key.key_indicator, active.keyIndicator);

    const early = await third.client.request(`/console/keys/${key.id}/activate?lang=en`, {
      form: { csrf: third.csrf },
    });
    assert.equal(early.res.status, 409);
    assert.match(early.text, /only a registered key can be activated/);

    const registered = await third.client.request(`/console/keys/${key.id}/register`, {
      form: { csrf: third.csrf, reference: 'VSEC-0001', registeredOn: '' },
    });
    assert.equal(registered.res.status, 303);

    const byLoader = await first.client.request(`/console/keys/${key.id}/activate?lang=en`, {
      form: { csrf: first.csrf },
    });
    assert.equal(byLoader.res.status, 403);
    assert.match(byLoader.text, /a second officer must activate/);
    const byRegistrar = await third.client.request(`/console/keys/${key.id}/activate`, { form: { csrf: third.csrf } });
    assert.equal(byRegistrar.res.status, 403);

    const activated = await second.client.request(`/console/keys/${key.id}/activate?lang=en`, {
      form: { csrf: second.csrf },
    });
    assert.equal(activated.res.status, 200);
    assert.match(activated.text, /id="activated"/);
    clock.advance(CVK_SWITCH_DELAY_MS + 1);
    const issued = issueCavv(server.keys, '4111111111111111', 'attempts', clock.now());
    assert.equal(Buffer.from(issued.cavv, 'base64')[2], key.key_indicator);
    const page = await second.client.request('/console/keys?lang=en');
    assert.match(page.text, /data-state="active"[\s\S]*VSEC-0001/);
    assert.match(page.text, /data-state="retiring"/);

    // Component hex never in logs, audit rows or pages other than where typed.
    const audit = JSON.stringify(await db.selectFrom('audit_log').selectAll().execute());
    const logs = log.lines.join('');
    assert.ok(logs.length > 0, 'the logger captured the requests');
    for (const secret of [...COMPONENTS, combined.toString('hex')]) {
      for (const form of [secret.toUpperCase(), secret.toLowerCase()]) {
        assert.equal(audit.includes(form), false);
        assert.equal(logs.includes(form), false);
        assert.equal(page.text.includes(form), false);
      }
    }
  });
});
