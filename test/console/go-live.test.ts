import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Config, loadConfig } from '../../src/app/config.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { ServiceError } from '../../src/core/errors.ts';
import type { SmsSender } from '../../src/core/ports.ts';
import type { GoLiveCheck, GoLiveDeps } from '../../src/features/go-live/checks/check.ts';
import { storedCvkStatus } from '../../src/features/go-live/checks/cvk-status.ts';
import { GO_LIVE_CHECKS, runChecklist } from '../../src/features/go-live/checks/registry.ts';
import { sendTestSms } from '../../src/features/go-live/service/sms-test.ts';
import { ensureIssuer } from '../../src/features/issuer-api/issuers.ts';
import { generateKey } from '../../src/features/keys/ceremony.ts';
import { activateKey, registerKey } from '../../src/features/keys/service.ts';
import { outboxSender } from '../../src/infra/channels/sms/job.ts';
import { createTwilioSender } from '../../src/infra/channels/sms/twilio.ts';
import { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { AcsSigningIdentity, developmentSigningIdentity } from '../../src/infra/crypto/signing-identity.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import { forEachDialect, type TestDatabase } from '../support/databases.ts';
import { closedPort } from '../support/peers/closed-port.ts';
import { startTwilioPeer, type TwilioPeer } from '../support/peers/twilio-peer.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { ConsoleClient, makeOperator } from './support.ts';

const NOW = new Date('2026-12-01T03:00:00Z');
const PHONE = '09012345678';
const MASKED = '090-****-5678';

/** A certificate issued by a throwaway CA (openssl), valid for `days` from now: not self-signed. */
function caIssuedIdentity(days: number): AcsSigningIdentity {
  const dir = mkdtempSync(join(tmpdir(), 'ninsho-golive-cert-'));
  const run = (command: string) => execFileSync('openssl', command.split(' '), { cwd: dir, stdio: 'pipe' });
  const ec = '-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes';
  run(`req -x509 ${ec} -keyout ca.key -out ca.crt -subj /CN=Test-DS-CA -days 3650`);
  run(`req -new ${ec} -keyout acs.key -out acs.csr -subj /CN=Test-ACS`);
  run(`x509 -req -in acs.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out acs.crt -days ${days}`);
  return AcsSigningIdentity.fromPem(
    readFileSync(join(dir, 'acs.key'), 'utf8'),
    readFileSync(join(dir, 'acs.crt'), 'utf8'),
  );
}

/** A loopback HTTP server: answers 400 to anything, or (hang) accepts and never answers. */
async function httpPeer(hang = false): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits++;
    req.resume();
    if (!hang) res.writeHead(400, { 'content-type': 'application/json' }).end('{"secret":"never shown"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ds/rreq`,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const checksNamed = (id: string) => GO_LIVE_CHECKS.filter((c) => c.id === id);

forEachDialect('go-live checklist: each check red and green', (getDb) => {
  let database: TestDatabase;
  let keys: KeyRing;
  const clock = new ManualClock(NOW);
  let devIdentity: AcsSigningIdentity;
  let operatorId: string;

  const deps = (over: Partial<GoLiveDeps> & { env?: Record<string, string> } = {}): GoLiveDeps => {
    const { env, ...rest } = over;
    const config: Config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
    return {
      db: database.db,
      keys,
      clock,
      config,
      logger: createLogger('silent'),
      signing: devIdentity,
      smsProvider: 'outbox',
      rreqFallbackUrl: 'http://127.0.0.1:1/demo/ds/rreq',
      cvkStatus: storedCvkStatus,
      probeTimeoutMs: 5000, // generous: a loaded CI machine answers loopback slowly; the hanging case sets its own
      ...rest,
    };
  };
  const check = async (id: string, d: GoLiveDeps) => {
    const report = await runChecklist(d, checksNamed(id));
    return report.checks[0]!;
  };

  before(async () => {
    database = getDb();
    keys = await KeyRing.open(database.masterKey, keyStore(database.db));
    devIdentity = developmentSigningIdentity(mkdtempSync(join(tmpdir(), 'ninsho-golive-')), NOW).identity;
    const op = await makeOperator(database.db, keys, 'admin');
    operatorId = op.principal.id;
  });

  test('card ranges: red without a range for the issuer, green with one', async () => {
    await ensureIssuer(database.db, { name: 'テスト', nameEn: 'Test', ranges: [] });
    const red = await check('card-ranges', deps());
    assert.equal(red.status, 'fail');
    assert.match(red.fix!.en, /PUT \/api\/v1\/card-ranges\/\{id\}/);
    assert.match(red.fix!.en, /npm run ninsho -- ranges put/);
    assert.match(red.fix!.ja, /カード番号範囲/);
    await ensureIssuer(database.db, { name: 'テスト', nameEn: 'Test', ranges: [['411111', '411111']] });
    const green = await check('card-ranges', deps());
    assert.equal(green.status, 'ok', green.detail.en);
  });

  test('terms: red without a version in force, green once one is effective', async () => {
    await database.db.deleteFrom('terms_consents').execute();
    await database.db.deleteFrom('terms_versions').execute();
    assert.equal((await check('terms', deps())).status, 'fail');
    await database.db
      .insertInto('terms_versions')
      .values({
        id: 'terms_golive_1',
        version: '2026-11-01',
        title: '本人認証サービス利用規約',
        body: '第1条',
        status: 'published',
        published_at: new Date('2026-10-01T00:00:00Z'),
        effective_at: new Date('2026-10-31T15:00:00Z'),
        change_summary: '',
        change_summary_en: '',
        created_by: 'system',
        created_at: new Date('2026-10-01T00:00:00Z'),
        updated_at: new Date('2026-10-01T00:00:00Z'),
        published_by: 'system',
      })
      .execute();
    const green = await check('terms', deps());
    assert.equal(green.status, 'ok');
    assert.match(green.detail.en, /2026-11-01/);
  });

  test('DS RReq URL: reachable loopback is green, a closed port and a hanging server are red, the simulator amber', async () => {
    const peer = await httpPeer();
    const hanging = await httpPeer(true);
    try {
      const green = await check('ds-rreq-url', deps({ env: { DS_RREQ_URL: peer.url, DS_URL_ALLOWLIST: peer.url } }));
      assert.equal(green.status, 'ok', green.detail.en);
      assert.match(green.detail.en, /answered HTTP 400/);
      assert.doesNotMatch(green.detail.en, /never shown/, 'the body is never read');
      assert.equal(peer.hits(), 2, 'DS_RREQ_URL and the allowlist origin');

      const port = await closedPort();
      const refused = await check('ds-rreq-url', deps({ env: { DS_RREQ_URL: `http://127.0.0.1:${port}/rreq` } }));
      assert.equal(refused.status, 'fail');
      assert.match(refused.detail.en, /connection refused/);
      assert.ok(refused.fix);

      const dns = await check('ds-rreq-url', deps({ env: { DS_RREQ_URL: 'http://ds.invalid/rreq' } }));
      assert.equal(dns.status, 'fail');
      assert.match(dns.detail.en, /DNS|network/);

      const started = Date.now();
      const slow = await check('ds-rreq-url', deps({ env: { DS_RREQ_URL: hanging.url }, probeTimeoutMs: 300 }));
      assert.equal(slow.status, 'fail');
      assert.match(slow.detail.en, /timeout/);
      assert.ok(Date.now() - started < 10_000, 'the probe gave up long before a hanging peer would answer');

      const sim = await check('ds-rreq-url', deps({ rreqFallbackUrl: peer.url }));
      assert.equal(sim.status, 'warn');
      assert.match(sim.detail.en, /simulator/);
    } finally {
      await peer.close();
      await hanging.close();
    }
  });

  test('a hanging or throwing check is red, never an exception, and the others still report', async () => {
    const hangs: GoLiveCheck = {
      id: 'hangs',
      title: { ja: '止まる', en: 'Hangs' },
      timeoutMs: 100,
      run: () => new Promise(() => {}),
    };
    const throws: GoLiveCheck = {
      id: 'throws',
      title: { ja: '例外', en: 'Throws' },
      run: async () => {
        throw new TypeError('secret detail 09012345678');
      },
    };
    const report = await runChecklist(deps(), [hangs, throws, ...checksNamed('master-key')]);
    assert.deepEqual(
      report.checks.map((c) => [c.id, c.status]),
      [
        ['hangs', 'fail'],
        ['throws', 'fail'],
        ['master-key', 'warn'],
      ],
    );
    assert.match(report.checks[0]!.detail.en, /did not finish within 0.1 s/);
    assert.match(report.checks[1]!.detail.en, /TypeError/);
    assert.doesNotMatch(report.checks[1]!.detail.en, /secret|0901/);
    assert.equal(report.overall, 'fail');
  });

  test('signing certificate: dev self-signed amber (red in production), near expiry red, CA-issued green', async () => {
    assert.equal((await check('signing-certificate', deps())).status, 'warn');
    const prod = deps();
    prod.config = { ...prod.config, NODE_ENV: 'production' };
    assert.equal((await check('signing-certificate', prod)).status, 'fail');
    const [soon, later400] = [caIssuedIdentity(10), caIssuedIdentity(400)];
    // A minute after openssl made them (their validity starts at the real time of issue).
    const realClock = new ManualClock(new Date(Date.now() + 60_000));
    const near = await check('signing-certificate', deps({ signing: soon, clock: realClock }));
    assert.equal(near.status, 'fail');
    assert.match(near.detail.en, /expires in (9|10) days/);
    assert.match(near.fix!.en, /cert request/);
    const good = await check('signing-certificate', deps({ signing: later400, clock: realClock }));
    assert.equal(good.status, 'ok', good.detail.en);
    assert.match(good.detail.en, /Test-DS-CA/);
    const later = new ManualClock(new Date(Date.now() + 401 * 86_400_000));
    assert.equal((await check('signing-certificate', deps({ signing: later400, clock: later }))).status, 'fail');
  });

  test('CVK: the adopted key has no Visa registration (red, with the ceremony as fix); a registered, activated key is green', async () => {
    const today = await check('cvk', deps());
    assert.equal(today.status, 'fail');
    assert.match(today.detail.en, /key indicator 0[12], KCV [0-9A-F]{6}/);
    assert.match(today.fix!.en, /CAVV key ceremony/);
    const none = await check('cvk', deps({ cvkStatus: async () => ({}) }));
    assert.equal(none.status, 'fail');
    // The ceremony: generated by one officer, registered with Visa, activated by a second officer.
    const keyDeps = { db: database.db, keys, clock, config: { CVK_GRACE_DAYS: 30 } };
    const loaded = await generateKey(keyDeps, 'cli:alice');
    await registerKey(keyDeps, loaded.id, 'cli:alice', { reference: 'VISA-42' });
    await activateKey(keyDeps, loaded.id, 'cli:bob');
    const registered = await check('cvk', deps());
    assert.equal(registered.status, 'ok');
    assert.match(registered.detail.en, /VISA-42/);
    assert.match(registered.detail.en, new RegExp(loaded.kcv));
  });

  test('API token and operators', async () => {
    assert.equal((await check('api-token', deps())).status, 'fail');
    await database.db
      .insertInto('api_tokens')
      .values({ id: 'tok_golive', name: 'core', token_mac: 'x'.repeat(64), scopes: 'issuer', created_by: 'system' })
      .execute();
    assert.equal((await check('api-token', deps())).status, 'ok');
    const ops = await check('operators', deps());
    assert.equal(ops.status, 'warn', 'no operators for four-eyes yet');
    await makeOperator(database.db, keys, 'operator');
    await makeOperator(database.db, keys, 'operator');
    assert.equal((await check('operators', deps())).status, 'ok');
  });

  describe('SMS test send', () => {
    let peer: TwilioPeer;
    let twilio: SmsSender;
    const by = () => ({ id: operatorId, username: 'a', displayName: 'a', role: 'admin' as const });
    const svc = (smsSender: SmsSender) => ({ ...deps(), smsSender });
    const count = async (table: 'go_live_sms_tests' | 'sms_messages' | 'audit_log') =>
      Number(
        (
          await database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    before(async () => {
      peer = await startTwilioPeer();
      twilio = createTwilioSender({
        accountSid: peer.accountSid,
        authToken: peer.authToken,
        from: '+15005550006',
        apiBase: peer.apiBase,
        timeoutMs: 2000,
      });
    });
    after(async () => {
      await peer?.close();
    });

    test('no test yet: red; bad input changes nothing', async () => {
      assert.equal((await check('sms-provider', deps({ smsProvider: 'twilio' }))).status, 'fail');
      const before = [await count('go_live_sms_tests'), await count('sms_messages'), await count('audit_log')];
      for (const bad of ['', 'abc', '0312345678', '+14155550100']) {
        await assert.rejects(
          sendTestSms(svc(twilio), by(), bad),
          (e: unknown) => e instanceof ServiceError && e.code === 'invalid' && e.field === 'phone',
        );
      }
      assert.deepEqual(
        [await count('go_live_sms_tests'), await count('sms_messages'), await count('audit_log')],
        before,
      );
      assert.equal(peer.requestCount(), 0);
    });

    test('through the outbox: recorded, audited, sealed; amber because the outbox is development only', async () => {
      const done = await sendTestSms(svc(outboxSender), by(), PHONE);
      assert.equal(done.ok, true);
      assert.equal(done.phoneMasked, MASKED);
      const row = await database.db
        .selectFrom('go_live_sms_tests')
        .selectAll()
        .where('id', '=', done.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.provider, 'outbox');
      assert.equal(row.operator_id, operatorId);
      assert.notEqual(row.phone_enc, PHONE);
      assert.equal(keys.decrypt(row.phone_enc, 'phone'), '+819012345678');
      const sms = await database.db
        .selectFrom('sms_messages')
        .selectAll()
        .where('id', '=', row.sms_id)
        .executeTakeFirstOrThrow();
      assert.equal(sms.purpose, 'go_live_test');
      assert.equal(sms.status, 'sent');
      const audit = await database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'go_live.sms_test')
        .where('subject_id', '=', row.sms_id)
        .executeTakeFirstOrThrow();
      assert.equal(audit.actor, `operator:${operatorId}`);
      assert.doesNotMatch(JSON.stringify(audit), /9012345678|12345678/);
      const c = await check('sms-provider', deps({ smsProvider: 'outbox' }));
      assert.equal(c.status, 'warn');
      assert.match(c.detail.en, /090-\*\*\*\*-5678/);
      // Another provider's success does not count for the current one.
      assert.equal((await check('sms-provider', deps({ smsProvider: 'twilio' }))).status, 'fail');
    });

    test('through a Twilio-compatible provider: a refusal is red with the reason, a success green; 30 days later red', async () => {
      peer.failNext(1, 400);
      const failed = await sendTestSms(svc(twilio), by(), PHONE);
      assert.equal(failed.ok, false);
      const red = await check('sms-provider', deps({ smsProvider: 'twilio' }));
      assert.equal(red.status, 'fail');
      assert.match(red.detail.en, /failed/);
      assert.doesNotMatch(JSON.stringify(red), /9012345678/);
      const ok = await sendTestSms(svc(twilio), by(), PHONE);
      assert.equal(ok.ok, true);
      assert.equal(peer.received().at(-1)?.to, '+819012345678');
      const green = await check('sms-provider', deps({ smsProvider: 'twilio' }));
      assert.equal(green.status, 'ok', green.detail.en);
      assert.match(green.detail.en, /JST/);
      const later = new ManualClock(new Date(NOW.getTime() + 31 * 86_400_000));
      assert.equal((await check('sms-provider', deps({ smsProvider: 'twilio', clock: later }))).status, 'fail');
    });

    test('a provider that never answers: the send gives up and is recorded as failed', async () => {
      peer.hangNext(1);
      const done = await sendTestSms(svc(twilio), by(), PHONE);
      assert.equal(done.ok, false);
      assert.ok(done.error);
    });

    test('rate limit: at most 5 test sends an hour per operator', async () => {
      // Three sends above took slots in this hour of the test clock; the outbox one too.
      const sender = svc(outboxSender);
      await assert.rejects(
        (async () => {
          for (let i = 0; i < 6; i++) await sendTestSms(sender, by(), PHONE);
        })(),
        (e: unknown) => e instanceof ServiceError && e.code === 'rate_limited',
      );
      const nextHour = new ManualClock(new Date(NOW.getTime() + 3_600_000));
      const done = await sendTestSms({ ...sender, clock: nextHour }, by(), PHONE);
      assert.equal(done.ok, true);
    });
  });
});

forEachDialect('go-live checklist in the console', (getDb) => {
  let server: TestServer;
  let peer: TwilioPeer;
  let ds: Awaited<ReturnType<typeof httpPeer>>;

  before(async () => {
    peer = await startTwilioPeer();
    ds = await httpPeer();
    server = await startTestServer(getDb(), {
      env: {
        SMS_PROVIDER: 'twilio',
        TWILIO_ACCOUNT_SID: peer.accountSid,
        TWILIO_AUTH_TOKEN: peer.authToken,
        TWILIO_FROM: '+15005550006',
        TWILIO_API_BASE: peer.apiBase,
        DS_RREQ_URL: ds.url,
      },
    });
  });
  after(async () => {
    await server?.close();
    await peer?.close();
    await ds?.close();
  });

  test('admins see the checklist (ja by default, en with ?lang=en) and the dashboard link; others are refused', async () => {
    const admin = await makeOperator(getDb().db, server.keys, 'admin');
    const client = new ConsoleClient(server.url);
    await client.signIn(admin.principal.username, admin.password, admin.secret);
    const ja = await client.request('/console/go-live');
    assert.equal(ja.res.status, 200);
    assert.match(ja.text, /本番開始チェックリスト/);
    assert.match(ja.text, /id="overall"/);
    assert.match(ja.text, /JST/);
    for (const c of GO_LIVE_CHECKS) assert.match(ja.text, new RegExp(`id="check-${c.id}"`), c.id);
    assert.match(ja.text, /id="check-ds-rreq-url" data-status="ok"/);
    assert.match(ja.text, /id="check-api-token" data-status="ok"/);
    assert.match(ja.text, /id="check-sms-provider" data-status="fail"/);
    assert.match(ja.text, /テスト送信/);
    const en = await client.request('/console/go-live?lang=en');
    assert.match(en.text, /Go-live checklist/);
    assert.match(en.text, /Send test/);
    const dash = await client.request('/console');
    assert.match(dash.text, /id="go-live-link" href="\/console\/go-live"/);
    assert.match(dash.text, /href="\/console\/go-live">本番開始チェックリスト/);

    for (const role of ['operator', 'auditor', 'investigator'] as const) {
      const other = await makeOperator(getDb().db, server.keys, role);
      const oc = new ConsoleClient(server.url);
      const csrf = await oc.signIn(other.principal.username, other.password, other.secret);
      assert.equal((await oc.request('/console/go-live')).res.status, 403, role);
      assert.equal(
        (await oc.request('/console/go-live/sms-test', { form: { csrf, phone: PHONE } })).res.status,
        403,
        role,
      );
      assert.doesNotMatch((await oc.request('/console')).text, /go-live/, role);
    }
    assert.equal(peer.requestCount(), 0);
  });

  test('test send: a bad number is refused beside the field; a good one goes out and turns the check green, masked', async () => {
    const admin = await makeOperator(getDb().db, server.keys, 'admin');
    const client = new ConsoleClient(server.url);
    const csrf = await client.signIn(admin.principal.username, admin.password, admin.secret);
    const bad = await client.request('/console/go-live/sms-test', { form: { csrf, phone: '12345' } });
    assert.equal(bad.res.status, 400);
    assert.match(bad.text, /id="gl-phone-error"[^>]*>日本の携帯電話番号/);
    assert.doesNotMatch(bad.text, /value="12345"/);
    assert.equal(peer.requestCount(), 0);
    const sent = await client.request('/console/go-live/sms-test', { form: { csrf, phone: '090-1234-5678' } });
    assert.equal(sent.res.status, 303);
    assert.equal(sent.res.headers.get('location'), '/console/go-live?sms=ok');
    assert.equal(peer.received().length, 1);
    assert.match(peer.received()[0]!.body, /テスト送信/);
    const page = await client.request('/console/go-live?sms=ok');
    assert.match(page.text, /id="check-sms-provider" data-status="ok"/);
    assert.match(page.text, /090-\*\*\*\*-5678/);
    assert.doesNotMatch(page.text, /9012345678|1234-5678/);
  });
});
