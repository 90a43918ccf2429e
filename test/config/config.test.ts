import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/app/config.ts';

const bad: Array<[Record<string, string>, string]> = [
  [{ PORT: 'eighty' }, 'PORT'],
  [{ PORT: '70000' }, 'PORT'],
  [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL'],
  [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
  [{ NINSHO_MASTER_KEY: 'c2hvcnQ=' }, 'NINSHO_MASTER_KEY'],
  [{ SMS_PROVIDER: 'pigeon' }, 'SMS_PROVIDER'],
  [{ SMS_PROVIDER: 'twilio' }, 'TWILIO_ACCOUNT_SID'],
  [{ SMS_PROVIDER: 'smpp' }, 'SMPP_URL'],
  [{ DS_URL_ALLOWLIST: 'https://ds.example/rreq, ftp://x' }, 'DS_URL_ALLOWLIST'],
  [{ OTP_TTL_SECONDS: '900' }, 'OTP_TTL_SECONDS'],
  [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  [{ SEED_DEMO: 'yes' }, 'SEED_DEMO'],
];

for (const [env, variable] of bad) {
  test(`a bad ${variable} stops start-up with an error naming it`, () => {
    assert.throws(
      () => loadConfig(env),
      (err: unknown) => err instanceof ConfigError && err.variable === variable && err.message.includes(variable),
    );
  });
}

test('defaults follow docs/interfaces.md', () => {
  const c = loadConfig({});
  assert.equal(c.PORT, 8080);
  assert.equal(c.HOST, '127.0.0.1');
  assert.equal(c.PUBLIC_URL, 'http://localhost:8080');
  assert.equal(c.SMS_PROVIDER, 'outbox');
  assert.equal(c.SEED_DEMO, false);
  assert.deepEqual(c.DS_URL_ALLOWLIST, []);
  assert.equal(c.TWILIO_API_BASE, 'https://api.twilio.com');
});

test('production refuses the development defaults', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /NINSHO_MASTER_KEY/);
  const key = Buffer.alloc(32, 7).toString('base64');
  assert.throws(() => loadConfig({ NODE_ENV: 'production', NINSHO_MASTER_KEY: key }), /CONSOLE_ADMIN_PASSWORD/);
  const base = { NODE_ENV: 'production', NINSHO_MASTER_KEY: key, CONSOLE_ADMIN_PASSWORD: 'a-long-admin-password' };
  assert.throws(() => loadConfig(base), /DATABASE_URL/);
  assert.throws(() => loadConfig({ ...base, DATABASE_URL: 'postgres://x/y' }), /DS_RREQ_URL/);
  assert.throws(
    () => loadConfig({ ...base, DATABASE_URL: 'postgres://x/y', DS_RREQ_URL: 'https://ds.example/rreq' }),
    /SMS_PROVIDER/,
  );
  const smpp = { DATABASE_URL: 'postgres://x/y', DS_RREQ_URL: 'https://ds.example/rreq', SMS_PROVIDER: 'smpp' };
  const live = { ...base, ...smpp, SMPP_URL: 'smpp://id:pw@127.0.0.1:2775' };
  assert.throws(() => loadConfig(live), /ACS_SIGNING_KEY_FILE/);
  const signing = { ACS_SIGNING_KEY_FILE: '/etc/ninsho/acs.key', ACS_SIGNING_CERT_FILE: '/etc/ninsho/acs.crt' };
  assert.equal(loadConfig({ ...live, ...signing }).ACS_SIGNING_CERT_FILE, '/etc/ninsho/acs.crt');
});

test('the ACS signing key and certificate files come together', () => {
  for (const [env, variable] of [
    [{ ACS_SIGNING_KEY_FILE: '/k.pem' }, 'ACS_SIGNING_CERT_FILE'],
    [{ ACS_SIGNING_CERT_FILE: '/c.pem' }, 'ACS_SIGNING_KEY_FILE'],
  ] as const) {
    assert.throws(
      () => loadConfig(env),
      (err: unknown) => err instanceof ConfigError && err.variable === variable,
    );
  }
  assert.equal(loadConfig({}).ACS_SIGNING_KEY_FILE, undefined, 'unset in development: a self-signed dev certificate');
});

test('the process prints one line naming the variable and exits non-zero', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/app/main.ts'], {
    env: { ...process.env, PORT: 'not-a-port' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /^configuration error: PORT /);
});

test('database timeouts have defaults, take milliseconds and refuse nonsense naming the variable', () => {
  const c = loadConfig({});
  assert.deepEqual(
    [c.DATABASE_CONNECT_TIMEOUT_MS, c.DATABASE_STATEMENT_TIMEOUT_MS, c.DATABASE_LOCK_TIMEOUT_MS],
    [2000, 5000, 1000],
  );
  assert.equal(c.AREQ_DATABASE_TIMEOUT_MS, 1500);
  assert.equal(loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: '0' }).DATABASE_STATEMENT_TIMEOUT_MS, 0, '0 = no limit');
  for (const [variable, value] of [
    ['DATABASE_LOCK_TIMEOUT_MS', 'soon'],
    ['DATABASE_CONNECT_TIMEOUT_MS', '-1'],
    ['AREQ_DATABASE_TIMEOUT_MS', '0'],
  ] as const) {
    assert.throws(
      () => loadConfig({ [variable]: value }),
      (err: unknown) => err instanceof ConfigError && err.variable === variable,
    );
  }
});
