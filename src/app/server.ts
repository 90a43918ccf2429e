import type { RequestListener } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { mountMailInbox } from '../../demo/mail/routes.tsx';
import { mountPhoneInbox } from '../../demo/phone/routes.tsx';
import { mountDemo, mountDsSimulator } from '../../demo/shop/routes.ts';
import type { Clock, SmsSender } from '../core/ports.ts';
import { CHALLENGE_ALL_POLICY } from '../core/risk/policies.ts';
import type { ChallengeDeps } from '../features/authentication/challenge/deps.ts';
import { mountSmsHooks } from '../features/authentication/sms-hooks.ts';
import { TimeoutSweeper } from '../features/authentication/timeouts.ts';
import { mountConsole } from '../features/console/routes.ts';
import { bootstrapApiToken } from '../features/issuer-api/auth.ts';
import { CardRangeCache } from '../features/issuer-api/card-ranges.ts';
import { mountCavvVerify } from '../features/issuer-api/cavv.ts';
import { mountIssuerApi } from '../features/issuer-api/routes.ts';
import { retireOverdueKeys } from '../features/keys/service.ts';
import { mountNotices } from '../features/operations/notices/routes.tsx';
import { mailingJobHandler } from '../features/operations/service/mailings-job.ts';
import { OperationsScheduler } from '../features/operations/service/scheduler.ts';
import type { ServiceStatus } from '../features/operations/service/service-status.ts';
import { WindowServiceStatus } from '../features/operations/service/status.ts';
import { mountPortal } from '../features/portal/routes.ts';
import { ActiveRiskPolicy } from '../features/risk/policy.ts';
import { emailJobHandler, outboxMailer } from '../infra/channels/email/job.ts';
import { createSmtpMailer } from '../infra/channels/email/smtp.ts';
import { smsJobHandler } from '../infra/channels/sms/job.ts';
import { recordDeliveryReport } from '../infra/channels/sms/receipts.ts';
import { CVK_REFRESH_MS } from '../infra/crypto/cavv-keys.ts';
import { KEY_REFRESH_MS, type KeyRing } from '../infra/crypto/keyring.ts';
import type { AcsSigningIdentity } from '../infra/crypto/signing-identity.ts';
import { RollingSigningIdentity } from '../infra/crypto/signing-rotation.ts';
import { RetentionSweeper } from '../infra/jobs/retention.ts';
import { JobWorker } from '../infra/jobs/worker.ts';
import type { Logger } from '../infra/logger.ts';
import { createMetrics, type Metrics } from '../infra/metrics.ts';
import { mountAReq } from '../protocol/exchanges/areq.ts';
import { withAReqFastPath } from '../protocol/exchanges/areq-http.ts';
import { mountChallenge } from '../protocol/exchanges/challenge.ts';
import { mountMethod } from '../protocol/exchanges/method.ts';
import { mountOReq } from '../protocol/exchanges/oreq.ts';
import { rreqJobHandler } from '../protocol/exchanges/rreq.ts';
import { type Db, statementsSent, withStatementTimeout } from '../storage/database.ts';
import { GroupCommit } from '../storage/group-commit.ts';
import { CardLookups } from '../storage/repositories/auth-lookup.ts';
import type { JobRow } from '../storage/schema.ts';
import type { Config } from './config.ts';
import type { AppDeps } from './deps.ts';
import { type AppEnv, createApp, type Mount } from './http/app.ts';
import { refuseOversized } from './http/oversized.ts';
import { loadAcsSigningIdentity } from './runtime.ts';
import { createSmsSender } from './sms-sender.ts';

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

/** Connections of the AReq card lookups' own pool: each lookup statement serves every AReq of its event-loop turn. */
const CARD_LOOKUP_CONNECTIONS = 6;

/** Everything that serves HTTP, built from already-opened parts. main.ts and the tests both use this. */
export async function buildServer(parts: ServerParts): Promise<Server> {
  const { config, db, keys, clock, logger } = parts;
  const metrics = createMetrics(() => statementsSent(db));
  let keyRefresh: NodeJS.Timeout | undefined;
  let cvkRefresh: NodeJS.Timeout | undefined;
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
  const signingFiles =
    !parts.signing && config.ACS_SIGNING_KEY_FILE && config.ACS_SIGNING_CERT_FILE
      ? { keyFile: config.ACS_SIGNING_KEY_FILE, certFile: config.ACS_SIGNING_CERT_FILE }
      : undefined;
  const signing = new RollingSigningIdentity(parts.signing ?? loadAcsSigningIdentity(config, clock.now(), logger), {
    files: signingFiles,
    now,
    logger,
    metrics,
  });
  const serviceStatus = parts.serviceStatus ?? windows;
  const riskPolicy = new ActiveRiskPolicy(db, logger, CHALLENGE_ALL_POLICY);
  await riskPolicy.reload();
  const deps: AppDeps = {
    ...parts,
    metrics,
    isShuttingDown: () => shuttingDown,
    ranges,
    serviceStatus,
    rreqFallbackUrl: config.DS_RREQ_URL ?? `${config.PUBLIC_URL}/demo/ds/rreq`,
    worker,
    commits: new GroupCommit(db, { timeoutMs: config.AREQ_DATABASE_TIMEOUT_MS }),
    // its own connections: a lookup the AReq gave up on (AREQ_DATABASE_TIMEOUT_MS) is cancelled by the server too
    cardLookups: new CardLookups(withStatementTimeout(db, config.AREQ_DATABASE_TIMEOUT_MS, CARD_LOOKUP_CONNECTIONS)),
    riskPolicy,
    signing,
    smsSender: sms,
    // A console change to service windows applies on this node at once (other nodes: their next tick, ≤ 1 s).
    operationsChanged: async () => {
      await operations.tick();
    },
  };
  const host = new URL(config.PUBLIC_URL).host;
  // A job by id is claimed first; a row is one its request created already claimed (no claim statement).
  const runJobNow = (job: string | JobRow) => (typeof job === 'string' ? worker.runNow(job) : worker.runClaimed(job));
  const challenge: ChallengeDeps = {
    ...parts,
    dispatchNow: (job) => {
      void runJobNow(job).catch((err) => logger.warn({ err }, 'immediate dispatch failed'));
    },
    deliverNow: async (job) => {
      await Promise.race([
        runJobNow(job).catch(() => undefined),
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
  // Issue #18 item 9: without SMTP_URL the emails stay in the outbox table; outside production, show them.
  if (!config.SMTP_URL && config.NODE_ENV !== 'production') mounts.push(mountMailInbox);
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
      // CVK activations and retirements reach every node within seconds (src/infra/crypto/cavv-keys.ts).
      cvkRefresh = setInterval(
        () =>
          void retireOverdueKeys(deps)
            .then(() => keys.refreshCvks())
            .catch((err) => logger.warn({ err }, 'CVK refresh failed')),
        CVK_REFRESH_MS,
      );
      cvkRefresh.unref();
      worker.start();
      sweeper.start();
      operations.start();
      retention.start();
      signing.start();
    },
    shutdown: async () => {
      shuttingDown = true;
      clearInterval(keyRefresh);
      clearInterval(cvkRefresh);
      signing.stop();
      await ranges.stop();
      await sweeper.stop();
      await operations.stop();
      await retention.stop();
      await worker.stop();
      await sms.close();
      await mailer.close();
    },
  };
}
