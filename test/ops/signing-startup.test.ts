import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/app/config.ts';
import { loadAcsSigningIdentity } from '../../src/app/runtime.ts';
import { SigningIdentityError } from '../../src/infra/crypto/signing-identity.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { issueLeaf, makeCa } from '../support/test-ca.ts';

const DAY = 86_400_000;

/** Key and chain files whose leaf runs from `from` to `to` days from now; the CA's certificate after it (before it when `reversed`). */
function files(to: number, from = -1, reversed = false) {
  const dir = mkdtempSync(join(tmpdir(), 'ninsho-start-'));
  const ca = makeCa('CN=Test DS CA,C=JP');
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const leaf = issueLeaf(
    ca,
    keys.publicKey,
    'CN=acs.example.jp,C=JP',
    new Date(Date.now() + to * DAY),
    new Date(Date.now() + from * DAY),
  );
  writeFileSync(join(dir, 'k.pem'), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(dir, 'c.pem'), reversed ? ca.pem + leaf : leaf + ca.pem);
  return { ACS_SIGNING_KEY_FILE: join(dir, 'k.pem'), ACS_SIGNING_CERT_FILE: join(dir, 'c.pem') };
}

function start(env: Record<string, string>, nodeEnv: 'test' | 'production') {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', { write: (s: string) => lines.push(JSON.parse(s) as Record<string, unknown>) });
  const config = { ...loadConfig({ NODE_ENV: 'test', ...env }), NODE_ENV: nodeEnv };
  const load = () => loadAcsSigningIdentity(config, new Date(), logger);
  return { load, lines };
}

test('start: an expired leaf refuses to start in production, warns elsewhere', () => {
  const expired = files(-2, -30);
  const prod = start(expired, 'production');
  assert.throws(
    prod.load,
    (err) => err instanceof SigningIdentityError && /expired on .*install a valid one/.test(err.message),
  );
  const dev = start(expired, 'test');
  dev.load();
  assert.ok(dev.lines.some((l) => l.msg === 'the ACS signing certificate is not valid now' && l.level === 40));
  assert.throws(start(files(300, 2), 'production').load, /not valid before/);
});

test('start: within 30 days a warning, else an info line; a chain out of order never starts', () => {
  const soon = start(files(20), 'production');
  soon.load();
  const warned = soon.lines.find((l) => l.msg === 'the ACS signing certificate expires soon: request a new one');
  assert.equal(warned?.level, 40);
  assert.equal(warned?.daysLeft, 19);
  const fine = start(files(200), 'production');
  fine.load();
  assert.ok(
    fine.lines.some((l) => l.msg === 'ACS signing certificate loaded' && l.subject === 'C=JP, CN=acs.example.jp'),
  );
  assert.throws(start(files(200, -1, true), 'test').load, /not for the signing key/);
});
