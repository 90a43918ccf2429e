import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCertCommand } from '../../src/app/cli/cert.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { makeCa, signCsrWithOpenssl } from '../support/test-ca.ts';

const root = join(import.meta.dirname, '..', '..');

/** runCertCommand in this process, its output captured (the quick cases; no config is read before the checks). */
async function inProcess(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const [out, err] = [process.stdout.write, process.stderr.write];
  process.stdout.write = ((s: string) => {
    stdout += s;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => {
    stderr += s;
    return true;
  }) as typeof process.stderr.write;
  try {
    return { status: await runCertCommand(args), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

function cli(env: Record<string, string>, ...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/app/cli/main.ts'), 'cert', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
  });
  return { status: run.status ?? 1, stdout: run.stdout, stderr: run.stderr };
}

test('cert request → CA → cert install: files replaced, audited; bad input refused with exit codes 1/2, nothing changed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ninsho-cert-cli-'));
  const dataDir = join(dir, 'data');
  const env = {
    NINSHO_DATA_DIR: dataDir,
    ACS_SIGNING_KEY_FILE: join(dir, 'live.key'),
    ACS_SIGNING_CERT_FILE: join(dir, 'live.crt'),
  };
  const ca = makeCa('CN=Test DS CA,C=JP');
  const key = join(dir, 'next.key');
  const csr = join(dir, 'next.csr');

  const made = cli(
    env,
    'request',
    '--subject',
    'CN=acs.example.jp,O=Example Card,C=JP',
    '--out-key',
    key,
    '--out-csr',
    csr,
  );
  assert.equal(made.status, 0, made.stderr);
  assert.equal(statSync(key).mode & 0o777, 0o600, 'the key is readable by its owner only');
  assert.match(readFileSync(key, 'utf8'), /^-----BEGIN PRIVATE KEY-----/, 'PKCS#8 PEM');
  assert.doesNotMatch(made.stdout, /PRIVATE KEY/, 'the key is never printed');
  const again = await inProcess('request', '--subject', 'CN=x', '--out-key', key, '--out-csr', join(dir, 'other.csr'));
  assert.equal(again.status, 2, 'never over an existing key');
  assert.match(again.stderr, /exists/);
  for (const bad of [
    ['request', '--subject', 'O=no cn', '--out-key', join(dir, 'a'), '--out-csr', join(dir, 'b')],
    ['request', '--subject', 'CN=x', '--alg', 'RS256', '--out-key', join(dir, 'a'), '--out-csr', join(dir, 'b')],
    ['request', '--subject', 'CN=x'],
    ['install', '--key', key],
    ['rotate'],
    ['check', '--bogus'],
  ]) {
    assert.equal((await inProcess(...bad)).status, 2, bad.join(' '));
  }
  assert.throws(() => statSync(join(dir, 'a')), 'a refused request writes nothing');

  const chain = join(dir, 'next.chain.pem');
  writeFileSync(chain, signCsrWithOpenssl(ca, csr, 90, dir) + ca.pem);
  const wrongOrder = join(dir, 'wrong-order.pem');
  writeFileSync(wrongOrder, ca.pem + readFileSync(chain, 'utf8'));
  const otherKey = join(dir, 'other.key');
  writeFileSync(
    otherKey,
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
  );
  const unrelated = join(dir, 'unrelated.pem');
  writeFileSync(unrelated, signCsrWithOpenssl(ca, csr, 90, dir) + makeCa('CN=Other CA,C=JP').pem);
  for (const [k, c, problem] of [
    [otherKey, chain, /not for the signing key/],
    [key, wrongOrder, /not for the signing key/],
    [key, unrelated, /not issued and signed by certificate 2/],
  ] as const) {
    const refused = await inProcess('install', '--key', k, '--chain', c);
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(refused.stderr, problem);
  }
  assert.throws(() => statSync(env.ACS_SIGNING_KEY_FILE), 'nothing installed by a refused pair');

  const installed = cli(env, 'install', '--key', key, '--chain', chain);
  assert.equal(installed.status, 0, installed.stderr);
  const leaf = new X509Certificate(readFileSync(chain));
  assert.match(installed.stdout, new RegExp(`serial: +${leaf.serialNumber}`));
  assert.match(installed.stdout, /days left: 89|days left: 90/);
  assert.match(installed.stdout, /JST/);
  assert.equal(readFileSync(env.ACS_SIGNING_CERT_FILE, 'utf8'), readFileSync(chain, 'utf8'));
  assert.equal(statSync(env.ACS_SIGNING_KEY_FILE).mode & 0o777, 0o600);
  const checked = cli(env, 'check');
  assert.equal(checked.status, 0, 'check with no arguments reads the configured files');

  const db = openDatabase({ kind: 'pglite', dataDir });
  try {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'acs_signing_certificate.install')
      .execute();
    assert.equal(rows.length, 1, 'one audit row, for the one install that happened');
    assert.equal(rows[0]?.actor, 'cli');
    assert.equal(rows[0]?.subject_id, leaf.serialNumber);
    assert.match(JSON.stringify(rows[0]?.after), /acs\.example\.jp/);
    assert.doesNotMatch(JSON.stringify(rows), /PRIVATE KEY/);
  } finally {
    await db.destroy();
  }
});
