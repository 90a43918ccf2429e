import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeProtectedHeader } from 'jose';
import { issueLeaf, makeCa, type TestCa } from '../../../test/support/test-ca.ts';
import { createLogger } from '../logger.ts';
import { createMetrics } from '../metrics.ts';
import { AcsSigningIdentity, readSigningIdentityFiles, serialForLog } from './signing-identity.ts';
import { certificateStatus, checkForUse, RollingSigningIdentity } from './signing-rotation.ts';

const DAY = 86_400_000;

function pair(ca: TestCa, cn: string, days: number) {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    chain: issueLeaf(ca, keys.publicKey, `CN=${cn},C=JP`, new Date(Date.now() + days * DAY)) + ca.pem,
  };
}

/** Writes aside, then renames over: how the operator procedure (docs/operations.md) installs a pair. */
function install(dir: string, p: { key?: string; chain?: string }) {
  if (p.key !== undefined) {
    writeFileSync(join(dir, 'acs.key.new'), p.key, { mode: 0o600 });
    renameSync(join(dir, 'acs.key.new'), join(dir, 'acs.key'));
  }
  if (p.chain !== undefined) {
    writeFileSync(join(dir, 'acs.crt.new'), p.chain);
    renameSync(join(dir, 'acs.crt.new'), join(dir, 'acs.crt'));
  }
}

async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function setUp(options: { watch?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ninsho-roll-'));
  const ca = makeCa('CN=Test DS CA,C=JP');
  const first = pair(ca, 'acs-one.example.jp', 200);
  install(dir, first);
  const files = { keyFile: join(dir, 'acs.key'), certFile: join(dir, 'acs.crt') };
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', { write: (s: string) => lines.push(JSON.parse(s) as Record<string, unknown>) });
  const metrics = createMetrics();
  const rolling = new RollingSigningIdentity(readSigningIdentityFiles(files.keyFile, files.certFile), {
    files,
    now: () => new Date(),
    logger,
    metrics,
    pollMs: 100,
    debounceMs: 80,
    ...options,
  });
  const reloads = async (outcome: string) =>
    (await metrics.signingCertificateReloads.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
  const gauge = async (g: 'signingCertificateExpiryDays' | 'signingCertificateNotAfter') =>
    (await metrics[g].get()).values[0]?.value;
  return { dir, ca, first, files, lines, rolling, reloads, gauge };
}

test('a pair renamed over the files is picked up (watch + debounce); metrics follow; signing in flight keeps its identity', async () => {
  const { dir, ca, lines, rolling, reloads, gauge } = setUp();
  rolling.start();
  try {
    const old = rolling.current;
    assert.equal(await gauge('signingCertificateExpiryDays'), 199);
    const oldNotAfter = await gauge('signingCertificateNotAfter');
    const second = pair(ca, 'acs-two.example.jp', 365);

    const inFlight = rolling.sign({ n: 1 }); // picks up the old identity now
    install(dir, second);
    await until(() => rolling.current !== old, 'the new identity in use');
    assert.deepEqual(decodeProtectedHeader(await inFlight).x5c, [...old.x5c]);
    assert.deepEqual(decodeProtectedHeader(await rolling.sign({ n: 2 })).x5c, [...rolling.current.x5c]);
    assert.match(rolling.current.summary().subject, /acs-two/);
    assert.equal(await reloads('loaded'), 1);
    assert.equal(await gauge('signingCertificateExpiryDays'), 364);
    assert.notEqual(await gauge('signingCertificateNotAfter'), oldNotAfter);
    const loaded = lines.find((l) => l.msg === 'ACS signing certificate reloaded');
    assert.equal(loaded?.reason, 'file change');
    assert.equal(loaded?.previousSerial, serialForLog(old.summary().serialNumber));
    assert.equal(rolling.reload('SIGHUP'), 'unchanged', 'the same files again change nothing');
  } finally {
    rolling.stop();
  }
});

test('without change events the stat poll finds the renamed pair', async () => {
  const { dir, ca, rolling, reloads } = setUp({ watch: false });
  rolling.start();
  try {
    const old = rolling.current;
    install(dir, pair(ca, 'acs-polled.example.jp', 90));
    await until(() => rolling.current !== old, 'the polled identity in use');
    assert.match(rolling.current.summary().subject, /acs-polled/);
    assert.equal(await reloads('loaded'), 1);
  } finally {
    rolling.stop();
  }
});

test('a bad pair is refused and the old one kept: key alone (mismatch), expired, out of order, unreadable', async () => {
  const { dir, ca, lines, rolling, reloads } = setUp();
  const old = rolling.current;
  const next = pair(ca, 'acs-next.example.jp', 100);

  install(dir, { key: next.key }); // the chain not yet renamed: the leaf is not for this key
  assert.equal(rolling.reload('SIGHUP'), 'rejected');
  assert.equal(rolling.current, old);
  install(dir, { chain: next.chain });
  assert.equal(rolling.reload('SIGHUP'), 'loaded', 'once both are in place');
  const loaded = rolling.current;

  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const key = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const leaf = (days: number) => issueLeaf(ca, keys.publicKey, 'CN=x,C=JP', new Date(Date.now() + days * DAY));
  const expiredLeaf = issueLeaf(
    ca,
    keys.publicKey,
    'CN=x,C=JP',
    new Date(Date.now() - DAY),
    new Date(Date.now() - 9 * DAY),
  );
  const cases: [string, { key?: string; chain?: string }, RegExp][] = [
    ['expired', { key, chain: expiredLeaf + ca.pem }, /expired on/],
    ['less than a day left', { key, chain: leaf(0.5) + ca.pem }, /less than a day/],
    ['out of order', { key, chain: ca.pem + leaf(50) }, /not for the signing key/],
    ['not signed by the next', { key, chain: leaf(50) + makeCa('CN=Other CA,C=JP').pem }, /not issued and signed/],
    ['no certificate', { key, chain: 'garbage' }, /no PEM certificate/],
  ];
  for (const [what, files, problem] of cases) {
    install(dir, files);
    assert.equal(rolling.reload('SIGHUP'), 'rejected', what);
    assert.equal(rolling.current, loaded, `${what}: still the last good identity`);
    assert.match(String(lines.at(-1)?.problem), problem, what);
  }
  assert.equal(await reloads('rejected'), 6);
  assert.equal(await reloads('loaded'), 1);
  const rejected = lines.filter((l) => l.msg?.toString().startsWith('new ACS signing key/certificate rejected'));
  assert.equal(rejected.length, 6);
  assert.equal(rejected[0]?.level, 50, 'logged as an error');
  const text = JSON.stringify(lines);
  assert.doesNotMatch(text, /PRIVATE KEY|BEGIN/, 'no key or certificate material in the log');
});

test('an identity given in code is not watched: reload warns and changes nothing', () => {
  const ca = makeCa('CN=Test DS CA,C=JP');
  const p = pair(ca, 'fixed', 10);
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', { write: (s: string) => lines.push(JSON.parse(s) as Record<string, unknown>) });
  const rolling = new RollingSigningIdentity(AcsSigningIdentity.fromPem(p.key, p.chain), {
    now: () => new Date(),
    logger,
    metrics: createMetrics(),
  });
  assert.equal(rolling.reloadable, false);
  assert.equal(rolling.reload('SIGHUP'), 'unchanged');
  assert.match(String(lines[0]?.msg), /no ACS_SIGNING_\* files/);
  assert.equal(rolling.status().state, 'expiring', '10 days left');
});

test('status: ok, expiring within 30 days, expired at notAfter; checkForUse wants a day left', () => {
  const ca = makeCa('CN=Test DS CA,C=JP');
  const p = pair(ca, 'status', 45);
  const identity = AcsSigningIdentity.fromPem(p.key, p.chain);
  const notAfter = identity.certificate.validToDate.getTime();
  const at = (msBefore: number) => certificateStatus(identity, new Date(notAfter - msBefore));
  assert.deepEqual([at(40 * DAY).state, at(40 * DAY).daysLeft], ['ok', 40]);
  assert.deepEqual([at(30 * DAY).state, at(30 * DAY).daysLeft], ['ok', 30]);
  assert.deepEqual([at(30 * DAY - 1).state, at(30 * DAY - 1).daysLeft], ['expiring', 29]);
  assert.deepEqual([at(1).state, at(1).daysLeft], ['expiring', 0]);
  assert.deepEqual([at(0).state, at(-DAY).daysLeft], ['expired', -1]);
  checkForUse(identity, new Date(notAfter - DAY));
  assert.throws(() => checkForUse(identity, new Date(notAfter - DAY + 1)), /less than a day/);
});
