import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { jstDateOf, jstTimeOf } from '../../core/investigation/jst-date.ts';
import {
  CsrError,
  certificationRequest,
  csrPem,
  generateSigningKeyPair,
  parseSubject,
} from '../../infra/crypto/csr.ts';
import {
  type AcsSigningAlgorithm,
  type AcsSigningIdentity,
  readSigningIdentityFiles,
  SigningIdentityError,
} from '../../infra/crypto/signing-identity.ts';
import { certificateStatus, checkForUse } from '../../infra/crypto/signing-rotation.ts';
import { createLogger } from '../../infra/logger.ts';
import { withTransaction } from '../../storage/database.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';
import { loadConfig } from '../config.ts';
import { openConfiguredDatabase, systemClock } from '../runtime.ts';

export const CERT_USAGE = `  cert request --subject "CN=<host>,O=<org>,C=JP" [--alg ES256|PS256] [--rsa-bits 2048]
               --out-key <path> --out-csr <path>
                     new ACS signing key (P-256; RSA for PS256, 0600 PKCS#8 PEM) and a PKCS#10 CSR for the DS CA
  cert check [--key <path> --chain <path>]
                     check a key and its chain (default: the configured ACS_SIGNING_* files); prints the leaf
  cert install --key <path> --chain <path>
                     check, then put them over ACS_SIGNING_KEY_FILE/ACS_SIGNING_CERT_FILE (audited); running
                     nodes reading those files switch to them within seconds
`;

const OPTIONS = {
  subject: { type: 'string' },
  alg: { type: 'string' },
  'rsa-bits': { type: 'string' },
  'out-key': { type: 'string' },
  'out-csr': { type: 'string' },
  key: { type: 'string' },
  chain: { type: 'string' },
} as const;

class UsageError extends Error {}

/** `npm run ninsho -- cert …` (docs/operations.md, "ACS signing certificate"). Exit code: 0 ok, 1 check failed, 2 usage. */
export async function runCertCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  try {
    const { values } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: false });
    if (sub === 'request') return request(values);
    if (sub === 'check') return check(values);
    if (sub === 'install') return await install(values);
    throw new UsageError(`unknown cert command: ${sub ?? '(none)'}\nusage:\n${CERT_USAGE}`);
  } catch (err) {
    if (err instanceof SigningIdentityError) {
      process.stderr.write(`check failed: ${err.message}\n`);
      return 1;
    }
    if (
      err instanceof UsageError ||
      err instanceof CsrError ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`${(err as Error).message}\n`);
      return 2;
    }
    throw err;
  }
}

type Values = { [K in keyof typeof OPTIONS]?: string | undefined };

function required(values: Values, name: keyof typeof OPTIONS): string {
  const v = values[name];
  if (!v) throw new UsageError(`--${name} is required`);
  return v;
}

function request(values: Values): number {
  const alg = (values.alg ?? 'ES256').toUpperCase();
  if (alg !== 'ES256' && alg !== 'PS256') throw new UsageError('--alg must be ES256 or PS256');
  const subject = parseSubject(required(values, 'subject'));
  const outKey = required(values, 'out-key');
  const outCsr = required(values, 'out-csr');
  // Never over an existing file: it could be the key in use.
  for (const path of [outKey, outCsr]) if (existsSync(path)) throw new UsageError(`${path} exists; choose a new path`);
  const pair = generateSigningKeyPair(alg as AcsSigningAlgorithm, Number(values['rsa-bits'] ?? 2048));
  const csr = csrPem(certificationRequest({ ...pair, subject, alg: alg as AcsSigningAlgorithm }));
  writeFileSync(outKey, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  writeFileSync(outCsr, csr, { mode: 0o644, flag: 'wx' });
  process.stdout.write(
    `wrote the private key (${alg === 'ES256' ? 'EC P-256' : `RSA ${pair.privateKey.asymmetricKeyDetails?.modulusLength}`}, mode 0600) to ${outKey}\n` +
      `wrote the certificate request to ${outCsr}\n` +
      'send the request to the DS CA; when the signed certificate comes back, run\n' +
      `  npm run ninsho -- cert install --key ${outKey} --chain <certificate and intermediates PEM>\n`,
  );
  return 0;
}

/** Reads and checks a pair for use now; prints the leaf. Throws SigningIdentityError when it may not be used. */
function checked(keyFile: string, chainFile: string): AcsSigningIdentity {
  const identity = readSigningIdentityFiles(keyFile, chainFile);
  const now = systemClock.now();
  const status = certificateStatus(identity, now);
  const s = identity.summary();
  process.stdout.write(
    `subject:   ${s.subject}\n` +
      `issuer:    ${s.issuer}\n` +
      `serial:    ${s.serialNumber}\n` +
      `sha-256:   ${s.fingerprint256}\n` +
      `algorithm: ${s.alg}, chain of ${s.chainLength}\n` +
      `notAfter:  ${s.notAfter.toISOString()} (${jstDateOf(s.notAfter)} ${jstTimeOf(s.notAfter)} JST)\n` +
      `days left: ${status.daysLeft}\n`,
  );
  checkForUse(identity, now);
  if (status.state === 'expiring') process.stdout.write('warning: expires within 30 days\n');
  return identity;
}

function check(values: Values): number {
  let key = values.key;
  let chain = values.chain;
  if (!key && !chain) {
    const config = loadConfig();
    key = config.ACS_SIGNING_KEY_FILE;
    chain = config.ACS_SIGNING_CERT_FILE;
    if (!key || !chain)
      throw new UsageError('give --key and --chain, or set ACS_SIGNING_KEY_FILE/ACS_SIGNING_CERT_FILE');
  }
  checked(required({ key }, 'key'), required({ chain }, 'chain'));
  process.stdout.write('ok: the key matches the leaf, each certificate is signed by the next, all are valid now\n');
  return 0;
}

async function install(values: Values): Promise<number> {
  const keyFile = required(values, 'key');
  const chainFile = required(values, 'chain');
  const identity = checked(keyFile, chainFile);
  const config = loadConfig();
  const targetKey = config.ACS_SIGNING_KEY_FILE;
  const targetCert = config.ACS_SIGNING_CERT_FILE;
  if (!targetKey || !targetCert) {
    throw new UsageError('ACS_SIGNING_KEY_FILE and ACS_SIGNING_CERT_FILE must name where the service reads them');
  }
  let previous: ReturnType<AcsSigningIdentity['summary']> | undefined;
  try {
    previous = readSigningIdentityFiles(targetKey, targetCert).summary();
  } catch {
    previous = undefined; // nothing readable installed yet
  }
  const keyPem = readFileSync(keyFile, 'utf8');
  const chainPem = readFileSync(chainFile, 'utf8');
  // Written aside next to the targets (same file system), renamed over them inside the audit transaction: the
  // audit row commits only if both renames happened. The watcher waits for the pair to settle (debounce).
  const asideKey = `${targetKey}.${process.pid}.new`;
  const asideCert = `${targetCert}.${process.pid}.new`;
  const logger = createLogger('warn');
  const db = await openConfiguredDatabase(config, logger);
  try {
    writeFileSync(asideKey, keyPem, { mode: 0o600 });
    writeFileSync(asideCert, chainPem, { mode: 0o644 });
    await withTransaction(db, async (trx) => {
      const summary = (s: ReturnType<AcsSigningIdentity['summary']>) => ({
        subject: s.subject,
        issuer: s.issuer,
        serialNumber: s.serialNumber,
        fingerprint256: s.fingerprint256,
        notAfter: s.notAfter.toISOString(),
      });
      const after = identity.summary();
      await appendAudit(trx, {
        at: systemClock.now(),
        actor: 'cli',
        action: 'acs_signing_certificate.install',
        subjectType: 'acs_signing_certificate',
        subjectId: after.serialNumber,
        before: previous ? summary(previous) : null,
        after: summary(after),
      });
      renameSync(asideKey, targetKey);
      renameSync(asideCert, targetCert);
    });
  } finally {
    rmSync(asideKey, { force: true });
    rmSync(asideCert, { force: true });
    await db.destroy();
  }
  process.stdout.write(
    `installed over ${targetKey} and ${targetCert}; nodes reading them log "ACS signing certificate reloaded" and\n` +
      'count ninsho_acs_signing_certificate_reloads_total{outcome="loaded"} (others: restart or send SIGHUP)\n',
  );
  return 0;
}
