import type { RequestListener } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { bootstrapApiToken } from './api/auth.ts';
import { mountCavvVerify } from './api/cavv.ts';
import { mountIssuerApi } from './api/routes.ts';
import { createSmtpMailer } from './channels/email/smtp.ts';
import { createSmsSender } from './channels/sms/index.ts';
import type { Config } from './config.ts';
import type { Clock, SmsSender } from './core/ports.ts';
import { KEY_REFRESH_MS, type KeyRing } from './crypto/keyring.ts';
import type { AcsSigningIdentity } from './crypto/signing-identity.ts';
import { OperationsScheduler } from './jobs/operations-scheduler.ts';
import { RetentionSweeper } from './jobs/retention.ts';
import { rreqJobHandler } from './jobs/rreq.ts';
import { TimeoutSweeper } from './jobs/timeouts.ts';
import { JobWorker } from './jobs/worker.ts';
import type { Logger } from './logger.ts';
import { mountAReq } from './protocol/areq.ts';
import { withAReqFastPath } from './protocol/areq-http.ts';
import { mountMethod } from './protocol/method.ts';
import { mountOReq } from './protocol/oreq.ts';
import { loadAcsSigningIdentity } from './runtime.ts';
import { CardRangeCache } from './services/card-ranges.ts';
import type { ChallengeDeps } from './services/challenge/deps.ts';
import { emailJobHandler, outboxMailer } from './services/email.ts';
import { mailingJobHandler } from './services/operations/mailings-job.ts';
import { WindowServiceStatus } from './services/operations/status.ts';
import type { ServiceStatus } from './services/service-status.ts';
import { smsJobHandler } from './services/sms.ts';
import { recordDeliveryReport } from './services/sms-receipts.ts';
import type { Db } from './storage/database.ts';
import { GroupCommit } from './storage/group-commit.ts';
import { CardLookups } from './storage/repositories/auth-lookup.ts';
import { type AppDeps, type AppEnv, createApp, type Mount } from './web/app.ts';
import { mountChallenge } from './web/challenge/routes.ts';
import { mountConsole } from './web/console/routes.ts';
import { mountDemo, mountDsSimulator } from './web/demo/routes.ts';
import { createMetrics, type Metrics } from './web/metrics.ts';
import { mountNotices } from './web/notices/routes.tsx';
import { mountPhoneInbox } from './web/phone/routes.tsx';
import { mountPortal } from './web/portal/routes.ts';
import { refuseOversized } from './web/shared/oversized.ts';
import { mountSmsHooks } from './web/sms-hooks.ts';

export interface ServerParts {
  config: Config;
  db: Db;
  keys: KeyRing;
  clock: Clock;
  logger: Logger;
  serviceStatus?: ServiceStatus;
  /** Overrides the SMS_PROVIDER sender (tests plug a peer-backed one in). */
  smsSender?: SmsSender;
  /** Overrides the configured ACS signing identity. */
  signing?: AcsSigningIdentity;
}

export interface Server {
  app: Hono<AppEnv>;
  /** The node:http listener: the AReq fast path in front of the Hono app. */
  listener: RequestListener;
  metrics: Metrics;
  deps: AppDeps;
  challenge: ChallengeDeps;
  sweeper: TimeoutSweeper;
  operations: OperationsScheduler;
  windows: WindowServiceStatus;
  /** Starts background work (job worker, timeout sweeper, caches' refresh). */
  start(): void;
  /** Readiness goes 503, background work stops; the HTTP listener is closed by the caller. */
  shutdown(): Promise<void>;
}

/** How long the final CRes page waits for the RReq to be acknowledged before it shows anyway. */
const RREQ_WAIT_MS = 3000;

/** Everything that serves HTTP, built from already-opened parts. main.ts and the tests both use this. */
export async function buildServer(parts: ServerParts): Promise<Server> {
  const { config, db, keys, clock, logger } = parts;
  const metrics = createMetrics();
  let keyRefresh: NodeJS.Timeout | undefined;
  let shuttingDown = false;
  await bootstrapApiToken(db, keys, config.ISSUER_API_TOKEN);
  const ranges = new CardRangeCache(db);
  await ranges.load();
  const now = () => clock.now();
  const sms = parts.smsSender ?? createSmsSender(config, (r) => recordDeliveryReport(db, r, now()));
  const mailer = config.SMTP_URL ? createSmtpMailer({ url: config.SMTP_URL, from: config.MAIL_FROM }) : outboxMailer;
  const worker = new JobWorker(db, clock, logger, {
    rreq: rreqJobHandler(db, keys, now),
    sms: smsJobHandler(db, keys, sms, metrics, now),
    email: emailJobHandler(db, mailer, now),
    mailing: mailingJobHandler({ db, clock, config, logger, kick: () => worker.kick() }),
  });
  const windows = new WindowServiceStatus(db, ranges);
  await windows.reload();
  const serviceStatus = parts.serviceStatus ?? windows;
  const deps: AppDeps = {
    ...parts,
    metrics,
    isShuttingDown: () => shuttingDown,
    ranges,
    serviceStatus,
    rreqFallbackUrl: config.DS_RREQ_URL ?? `${config.PUBLIC_URL}/demo/ds/rreq`,
    worker,
    commits: new GroupCommit(db, { timeoutMs: config.AREQ_DATABASE_TIMEOUT_MS }),
    cardLookups: new CardLookups(db),
    signing: parts.signing ?? loadAcsSigningIdentity(config, clock.now(), logger),
    // A console change to service windows applies on this node at once (other nodes: their next tick, ≤ 1 s).
    operationsChanged: async () => {
      await operations.tick();
    },
  };
  const host = new URL(config.PUBLIC_URL).host;
  const challenge: ChallengeDeps = {
    ...parts,
    dispatchNow: (jobId) => {
      void worker.runNow(jobId).catch((err) => logger.warn({ err }, 'immediate dispatch failed'));
    },
    deliverNow: async (jobId) => {
      await Promise.race([
        worker.runNow(jobId).catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, RREQ_WAIT_MS).unref()),
      ]);
    },
    smsPaused: (txn) => serviceStatus.suspensionFor(txn.issuer_id ?? '', '', now()).sms,
    smsSettings: (ctx) => ({
      phone: ctx.phone ?? '',
      issuerShortName: config.ISSUER_SHORT_NAME,
      host,
      ttlSeconds: config.OTP_TTL_SECONDS,
    }),
  };
  const sweeper = new TimeoutSweeper(db, clock, logger, () => worker.kick());
  const retention = new RetentionSweeper(db, clock, logger);
  const operations = new OperationsScheduler(db, keys, clock, logger, windows, (jobId) => challenge.dispatchNow(jobId));
  const mounts: Mount[] = [
    mountAReq,
    mountOReq,
    mountMethod,
    (app) => mountChallenge(app, challenge),
    mountSmsHooks,
    mountCavvVerify,
    mountIssuerApi,
    mountNotices,
    mountConsole,
    mountPortal,
  ];
  // The simulator's RReq receiver is the default DS_RREQ_URL; with a real DS configured it is not served.
  if (!config.DS_RREQ_URL || config.SEED_DEMO) mounts.push(mountDsSimulator);
  if (config.SEED_DEMO) mounts.push(mountDemo);
  if (config.SMS_PROVIDER === 'outbox') mounts.push(mountPhoneInbox);
  const app = createApp(deps, mounts);
  return {
    app,
    listener: refuseOversized(config, withAReqFastPath(deps, getRequestListener(app.fetch))),
    metrics,
    deps,
    challenge,
    sweeper,
    operations,
    windows,
    start: () => {
      ranges.startRefresh(logger);
      keyRefresh = setInterval(
        () => void keys.refresh().catch((err) => logger.warn({ err }, 'key refresh failed')),
        KEY_REFRESH_MS,
      );
      keyRefresh.unref();
      worker.start();
      sweeper.start();
      operations.start();
      retention.start();
    },
    shutdown: async () => {
      shuttingDown = true;
      clearInterval(keyRefresh);
      ranges.stop();
      await sweeper.stop();
      await operations.stop();
      await retention.stop();
      await worker.stop();
      await sms.close();
      await mailer.close();
    },
  };
}
