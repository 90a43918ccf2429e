import { createHash } from 'node:crypto';
import { type FSWatcher, readFileSync, statSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import {
  type AcsSigner,
  AcsSigningIdentity,
  daysLeft,
  SigningIdentityError,
  serialForLog,
} from './signing-identity.ts';

/** The console and the start-up log warn this many days before notAfter. */
export const EXPIRY_WARNING_DAYS = 30;

export interface SigningFiles {
  keyFile: string;
  certFile: string;
}

export type SigningMetrics = Pick<
  Metrics,
  'signingCertificateExpiryDays' | 'signingCertificateNotAfter' | 'signingCertificateReloads'
>;

export interface RollingOptions {
  /** The files to watch and reload; absent for an identity given in code (tests) — then nothing is watched. */
  files?: SigningFiles | undefined;
  now: () => Date;
  logger: Logger;
  metrics: SigningMetrics;
  /** How often the files are stat'ed (the fallback when fs.watch misses an event) and the gauges refreshed. */
  pollMs?: number;
  /** How long after the last change event the files are read (the key and the chain are renamed one by one). */
  debounceMs?: number;
  /** false: no fs.watch, the stat poll alone (as on a file system without change events). */
  watch?: boolean;
}

export interface CertificateStatus {
  subject: string;
  issuer: string;
  serialNumber: string;
  notAfter: Date;
  daysLeft: number;
  /** ok; expiring: within EXPIRY_WARNING_DAYS; expired: at or past notAfter. */
  state: 'ok' | 'expiring' | 'expired';
}

/**
 * Throws unless an identity may be put into use now: every certificate of its chain inside its dates and the
 * leaf at least one whole day from notAfter. Used by `cert install`/`cert check` and before every roll.
 */
export function checkForUse(identity: AcsSigningIdentity, now: Date): void {
  identity.checkValidity(now);
  if (daysLeft(identity.certificate.validToDate, now) < 1) {
    throw new SigningIdentityError(
      `the ACS signing certificate expires in less than a day (${identity.certificate.validToDate.toISOString()})`,
    );
  }
}

export function certificateStatus(identity: AcsSigningIdentity, now: Date): CertificateStatus {
  const s = identity.summary();
  const left = daysLeft(s.notAfter, now);
  const expired = s.notAfter.getTime() <= now.getTime();
  return {
    subject: s.subject,
    issuer: s.issuer,
    serialNumber: s.serialNumber,
    notAfter: s.notAfter,
    daysLeft: left,
    state: expired ? 'expired' : left < EXPIRY_WARNING_DAYS ? 'expiring' : 'ok',
  };
}

/**
 * The ACS signing identity in use, replaceable while the service runs (the operator procedure is in
 * docs/operations.md, "ACS signing certificate"). The key and chain files are watched (fs.watch on their
 * directories, so a rename over the file is seen, plus a stat every `pollMs` in case an event is missed); after
 * a change settles for `debounceMs` both files are read, parsed and checked in one synchronous step, and the
 * new identity replaces the old one in a single assignment only when every check passes. Otherwise the old one
 * stays and an error is logged. `sign` takes the identity current when it is called, so a signature in flight
 * finishes with the key and x5c it started with; nothing ever sees half a pair.
 */
export class RollingSigningIdentity implements AcsSigner {
  #current: AcsSigningIdentity;
  #loadedDigest: string | undefined;
  #seen: string | undefined;
  #watchers: FSWatcher[] = [];
  #poll: NodeJS.Timeout | undefined;
  #debounce: NodeJS.Timeout | undefined;
  readonly #options: RollingOptions;

  constructor(initial: AcsSigningIdentity, options: RollingOptions) {
    this.#current = initial;
    this.#options = options;
    if (options.files) {
      this.#seen = this.#statSignature(options.files);
      this.#loadedDigest = this.#digest(options.files);
    }
    this.#updateGauges();
  }

  get current(): AcsSigningIdentity {
    return this.#current;
  }

  /** Whether the identity comes from files that are watched and reloaded. */
  get reloadable(): boolean {
    return this.#options.files !== undefined;
  }

  sign(payload: Record<string, unknown>): Promise<string> {
    return this.#current.sign(payload);
  }

  status(): CertificateStatus {
    return certificateStatus(this.#current, this.#options.now());
  }

  /**
   * Reads both files now and swaps to them if they pass every check. Returns what happened; never throws
   * (a bad pair is logged and counted, and the current identity stays).
   */
  reload(reason: string): 'loaded' | 'rejected' | 'unchanged' {
    const { files, logger, metrics, now } = this.#options;
    if (!files) {
      logger.warn({ reason }, 'ACS signing identity reload asked, but no ACS_SIGNING_* files are configured');
      return 'unchanged';
    }
    this.#seen = this.#statSignature(files);
    let next: AcsSigningIdentity;
    let digest: string;
    try {
      const keyPem = read(files.keyFile, 'signing key');
      const certPem = read(files.certFile, 'signing certificate');
      digest = createHash('sha256').update(keyPem).update('\0').update(certPem).digest('hex');
      if (digest === this.#loadedDigest) {
        metrics.signingCertificateReloads.inc({ outcome: 'unchanged' });
        return 'unchanged';
      }
      next = AcsSigningIdentity.fromPem(keyPem, certPem);
      checkForUse(next, now());
    } catch (err) {
      const problem = err instanceof SigningIdentityError ? err.message : 'the files could not be read';
      metrics.signingCertificateReloads.inc({ outcome: 'rejected' });
      logger.error(
        {
          reason,
          problem,
          keyFile: files.keyFile,
          certFile: files.certFile,
          serial: serialForLog(this.#current.summary().serialNumber),
        },
        'new ACS signing key/certificate rejected; still signing with the current certificate',
      );
      return 'rejected';
    }
    const previous = this.#current.summary();
    this.#current = next; // the swap: one assignment, after every check
    this.#loadedDigest = digest;
    metrics.signingCertificateReloads.inc({ outcome: 'loaded' });
    this.#updateGauges();
    const status = this.status();
    logger.info(
      {
        reason,
        subject: status.subject,
        issuer: status.issuer,
        serial: serialForLog(status.serialNumber),
        notAfter: status.notAfter.toISOString(),
        daysLeft: status.daysLeft,
        previousSerial: serialForLog(previous.serialNumber),
      },
      'ACS signing certificate reloaded',
    );
    if (status.state !== 'ok') {
      logger.warn(
        { notAfter: status.notAfter.toISOString(), daysLeft: status.daysLeft },
        'the ACS signing certificate expires soon',
      );
    }
    return 'loaded';
  }

  /** Starts the gauge refresh and, for file-backed identities, the watchers and the stat poll. */
  start(): void {
    const { files, logger } = this.#options;
    if (this.#poll) return;
    this.#poll = setInterval(() => this.#tick(), this.#options.pollMs ?? 5_000);
    this.#poll.unref();
    if (!files || this.#options.watch === false) return;
    const names = new Set([basename(files.keyFile), basename(files.certFile)]);
    for (const dir of new Set([dirname(files.keyFile), dirname(files.certFile)])) {
      try {
        const watcher = watch(dir, { persistent: false }, (_event, filename) => {
          if (!filename || names.has(filename.toString())) this.#schedule();
        });
        watcher.on('error', (err) => logger.warn({ err, dir }, 'watching the ACS signing files failed; polling only'));
        this.#watchers.push(watcher);
      } catch (err) {
        logger.warn({ err, dir }, 'cannot watch the ACS signing files; polling only');
      }
    }
  }

  stop(): void {
    clearInterval(this.#poll);
    clearTimeout(this.#debounce);
    this.#poll = undefined;
    for (const w of this.#watchers) w.close();
    this.#watchers = [];
  }

  #tick(): void {
    this.#updateGauges();
    const files = this.#options.files;
    if (files && this.#statSignature(files) !== this.#seen) this.#schedule();
  }

  #schedule(): void {
    clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => this.reload('file change'), this.#options.debounceMs ?? 1_000);
    this.#debounce.unref();
  }

  #updateGauges(): void {
    const notAfter = this.#current.certificate.validToDate;
    this.#options.metrics.signingCertificateNotAfter.set(Math.floor(notAfter.getTime() / 1000));
    this.#options.metrics.signingCertificateExpiryDays.set(daysLeft(notAfter, this.#options.now()));
  }

  /** inode, size and mtime of both files: a rename over either changes it. */
  #statSignature(files: SigningFiles): string {
    return [files.keyFile, files.certFile]
      .map((f) => {
        try {
          const s = statSync(f);
          return `${s.ino}:${s.size}:${s.mtimeMs}`;
        } catch {
          return 'missing';
        }
      })
      .join('|');
  }

  #digest(files: SigningFiles): string | undefined {
    try {
      return createHash('sha256')
        .update(readFileSync(files.keyFile, 'utf8'))
        .update('\0')
        .update(readFileSync(files.certFile, 'utf8'))
        .digest('hex');
    } catch {
      return undefined;
    }
  }
}

function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new SigningIdentityError(`cannot read the ${what} file ${path}`);
  }
}
