import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeProtectedHeader } from 'jose';
import { KeyRing } from '../../src/infra/crypto/keyring.ts';
import { serialForLog } from '../../src/infra/crypto/signing-identity.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { migrateToLatest } from '../../src/storage/migrator.ts';
import { seedDataDirFromTemplate } from '../../src/storage/pglite-template.ts';
import { keyStore } from '../../src/storage/repositories/keys.ts';
import { AppSdkSimulator } from '../support/app-sdk-simulator.ts';
import { seedCardholder } from '../support/fixtures.ts';
import { type ServiceProcess, startServiceProcess } from '../support/service-processes.ts';
import { makeCa, signCsrWithOpenssl, type TestCa } from '../support/test-ca.ts';

const root = join(import.meta.dirname, '..', '..');

/** `npm run ninsho -- cert …` as an operator runs it (without the build step). */
function cli(...args: string[]): { status: number; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/app/cli/main.ts'), 'cert', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
  });
  return { status: run.status ?? 1, stdout: run.stdout, stderr: run.stderr };
}

/** A new key and CSR from the CLI, signed by the test CA with openssl: the chain file's text (leaf, then CA). */
function requestAndSign(dir: string, ca: TestCa, name: string, alg: 'ES256' | 'PS256', days: number) {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const made = cli(
    'request',
    '--subject',
    `CN=${name}.acs.example.jp,O=Example Card,C=JP`,
    '--alg',
    alg,
    '--out-key',
    key,
    '--out-csr',
    csr,
  );
  assert.equal(made.status, 0, made.stderr);
  const chain = join(dir, `${name}.chain.pem`);
  writeFileSync(chain, signCsrWithOpenssl(ca, csr, days, dir) + ca.pem);
  const checked = cli('check', '--key', key, '--chain', chain);
  assert.equal(checked.status, 0, checked.stderr);
  assert.match(checked.stdout, new RegExp(`subject: +C=JP, O=Example Card, CN=${name}\\.acs\\.example\\.jp`));
  return { key, chain, leaf: new X509Certificate(readFileSync(chain)) };
}

/** The operator procedure (docs/operations.md): write aside in the same directory, then rename over. */
function rollInto(live: { key: string; chain: string }, next: { key: string; chain: string }) {
  writeFileSync(`${live.key}.new`, readFileSync(next.key), { mode: 0o600 });
  writeFileSync(`${live.chain}.new`, readFileSync(next.chain));
  renameSync(`${live.key}.new`, live.key);
  renameSync(`${live.chain}.new`, live.chain);
}

interface Answer {
  startedAt: number;
  doneAt: number;
  ok: boolean;
  error?: string;
  /** SHA-256 fingerprint of the x5c leaf and the JWS alg, when the ARes carried acsSignedContent. */
  leaf?: string;
  alg?: string;
  chainOk?: boolean;
}

/**
 * Issue #17 item 4, done-when: app-channel AReqs run against a real service process while its ACS signing
 * certificate is rolled (new key and CSR from the CLI, signed by a CA made here, renamed over the files).
 * No AReq fails; each acsSignedContent verifies against its own x5c (the SDK simulator checks it) and that x5c
 * is the old chain before the roll and the new one after; the certificate metrics follow.
 */
describe('rolling the ACS signing certificate under app-channel AReq load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ninsho-roll-'));
  const dataDir = join(dir, 'data');
  const masterKey = randomBytes(32);
  const live = { key: join(dir, 'acs-signing.key'), chain: join(dir, 'acs-signing.crt') };
  let ca: TestCa;
  let service: ServiceProcess;
  const pans: string[] = [];
  let old: ReturnType<typeof requestAndSign>;

  before(async () => {
    ca = makeCa('CN=Test DS CA,O=Test Scheme,C=JP');
    old = requestAndSign(dir, ca, 'old', 'ES256', 20); // 20 days: inside the 30-day warning
    writeFileSync(live.key, readFileSync(old.key), { mode: 0o600 });
    writeFileSync(live.chain, readFileSync(old.chain));
    // The cards go into the embedded database before the service opens it (one process at a time).
    await seedDataDirFromTemplate(dataDir);
    const db = openDatabase({ kind: 'pglite', dataDir });
    await migrateToLatest(db);
    const keys = await KeyRing.open(masterKey, keyStore(db));
    for (let i = 0; i < 8; i++) pans.push((await seedCardholder(db, keys)).pan);
    await db.destroy();
    service = await startServiceProcess({
      NINSHO_DATA_DIR: dataDir,
      NINSHO_MASTER_KEY: masterKey.toString('base64'),
      ACS_SIGNING_KEY_FILE: live.key,
      ACS_SIGNING_CERT_FILE: live.chain,
      SMS_PROVIDER: 'outbox',
      SEED_DEMO: 'false',
      CONSOLE_ADMIN_PASSWORD: 'signing-roll-admin-pass',
    });
  });
  after(async () => {
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function metric(name: string, labels = ''): Promise<number | undefined> {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
    return line === undefined ? undefined : Number(line.split(' ')[1]);
  }

  async function appAReq(pan: string): Promise<Answer> {
    const startedAt = performance.now();
    // The service's PUBLIC_URL (so the acsURL the simulator checks) defaults to http://localhost:<PORT>.
    const sdk = new AppSdkSimulator(service.url.replace('127.0.0.1', 'localhost'));
    try {
      const answer = await sdk.areq(pan); // verifies acsSignedContent against its x5c leaf, or throws
      if (answer.status !== 200 || answer.json.transStatus !== 'C') {
        return {
          startedAt,
          doneAt: performance.now(),
          ok: false,
          error: `${answer.status} ${JSON.stringify(answer.json)}`,
        };
      }
      const header = decodeProtectedHeader(String(sdk.ares.acsSignedContent));
      const [leafB64, caB64] = header.x5c ?? [];
      const leaf = new X509Certificate(Buffer.from(leafB64 ?? '', 'base64'));
      const issuer = new X509Certificate(Buffer.from(caB64 ?? '', 'base64'));
      return {
        startedAt,
        doneAt: performance.now(),
        ok: true,
        leaf: leaf.fingerprint256,
        alg: String(header.alg),
        chainOk:
          header.x5c?.length === 2 &&
          leaf.verify(issuer.publicKey) &&
          issuer.fingerprint256 === ca.certificate.fingerprint256,
      };
    } catch (err) {
      return { startedAt, doneAt: performance.now(), ok: false, error: String(err) };
    }
  }

  test('no AReq fails; signatures switch from the old chain to the new; metrics and log follow; a bad pair is refused', async (t) => {
    assert.ok(service.logs().some((l) => l.msg === 'the ACS signing certificate expires soon: request a new one'));
    const oldDays = await metric('ninsho_acs_signing_certificate_expiry_days');
    assert.ok(oldDays === 19 || oldDays === 20, `old certificate: ${oldDays} days`);
    const oldNotAfter = await metric('ninsho_acs_signing_certificate_not_after_seconds');
    assert.equal(oldNotAfter, Math.floor(old.leaf.validToDate.getTime() / 1000));

    const answers: Answer[] = [];
    let running = true;
    const workers = Array.from({ length: 6 }, async (_, w) => {
      for (let i = 0; running; i++) answers.push(await appAReq(pans[(w + i) % pans.length] ?? ''));
    });
    const waitFor = async (check: () => boolean | Promise<boolean>, what: string) => {
      const until = Date.now() + 30_000;
      while (!(await check())) {
        if (Date.now() > until) throw new Error(`timed out: ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await waitFor(() => answers.length >= 30, 'AReqs before the roll');

      const next = requestAndSign(dir, ca, 'new', 'PS256', 400);
      const rolledAt = performance.now();
      rollInto(live, next);
      await waitFor(
        async () => (await metric('ninsho_acs_signing_certificate_reloads_total', '{outcome="loaded"}')) === 1,
        'reload',
      );
      const reloadedAt = performance.now();
      const afterReload = answers.length;
      await waitFor(() => answers.length >= afterReload + 30, 'AReqs after the roll');

      // A bad pair (a key the new chain is not for) is refused: the new identity stays in use.
      const stray = join(dir, 'stray.key');
      assert.equal(
        cli('request', '--subject', 'CN=stray', '--out-key', stray, '--out-csr', join(dir, 'stray.csr')).status,
        0,
      );
      // (On a loaded machine the roll itself may have logged one transient rejection: the key renamed, the
      // debounce run out before the chain's rename was seen. Count from here.)
      const rejections = () =>
        service.logs().filter((l) => String(l.msg).startsWith('new ACS signing key/certificate rejected'));
      const rejectedBefore = rejections().length;
      writeFileSync(`${live.key}.new`, readFileSync(stray), { mode: 0o600 });
      renameSync(`${live.key}.new`, live.key);
      await waitFor(() => rejections().length > rejectedBefore, 'rejection');
      const afterBad = answers.length;
      await waitFor(() => answers.length >= afterBad + 20, 'AReqs after the bad pair');
      running = false;
      await Promise.all(workers);

      const failed = answers.filter((a) => !a.ok);
      assert.deepEqual(failed.slice(0, 3), [], `${failed.length} of ${answers.length} AReqs failed`);
      assert.ok(
        answers.every((a) => a.chainOk),
        'every x5c is [leaf, test CA] and the CA signed the leaf',
      );
      const oldLeaf = old.leaf.fingerprint256;
      const newLeaf = next.leaf.fingerprint256;
      assert.deepEqual(new Set(answers.map((a) => a.leaf)), new Set([oldLeaf, newLeaf]));
      const before = answers.filter((a) => a.doneAt < rolledAt);
      const later = answers.filter((a) => a.startedAt > reloadedAt);
      assert.ok(before.length >= 30 && later.length >= 50, `${before.length} before, ${later.length} after`);
      t.diagnostic(`${answers.length} app AReqs: ${before.length} before the roll, ${later.length} after the reload`);
      assert.ok(
        before.every((a) => a.leaf === oldLeaf && a.alg === 'ES256'),
        'before the roll: the old chain, ES256',
      );
      assert.ok(
        later.every((a) => a.leaf === newLeaf && a.alg === 'PS256'),
        'after the reload: the new chain, PS256',
      );

      const newDays = await metric('ninsho_acs_signing_certificate_expiry_days');
      assert.ok(newDays === 399 || newDays === 400, `new certificate: ${newDays} days`);
      assert.equal(
        await metric('ninsho_acs_signing_certificate_not_after_seconds'),
        Math.floor(next.leaf.validToDate.getTime() / 1000),
      );
      const logs = service.logs();
      const reloaded = logs.find((l) => l.msg === 'ACS signing certificate reloaded');
      assert.equal(reloaded?.serial, serialForLog(next.leaf.serialNumber));
      assert.equal(reloaded?.previousSerial, serialForLog(old.leaf.serialNumber));
      const rejected = rejections().at(-1);
      assert.match(String(rejected?.problem), /not for the signing key/);
      assert.equal(rejected?.level, 50, 'an error');
      assert.doesNotMatch(JSON.stringify(logs), /PRIVATE KEY/);
      const rejectedCount = await metric('ninsho_acs_signing_certificate_reloads_total', '{outcome="rejected"}');
      assert.equal(rejectedCount, rejections().length);

      // SIGHUP re-reads the files (still the refused pair: counted, nothing swapped) and the process lives on.
      service.signal('SIGHUP');
      await waitFor(() => rejections().some((l) => l.reason === 'SIGHUP'), 'SIGHUP reload');
      assert.ok(service.alive(), 'SIGHUP does not end the service');
      const last = await appAReq(pans[0] ?? '');
      assert.equal(last.leaf, newLeaf);
    } finally {
      running = false;
      await Promise.all(workers);
    }
  });
});
