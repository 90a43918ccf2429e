import type { Clock, SmsSender } from '../core/ports.ts';
import type { CardRangeCache } from '../features/issuer-api/card-ranges.ts';
import type { ServiceStatus } from '../features/operations/service/service-status.ts';
import type { ActiveRiskPolicy } from '../features/risk/policy.ts';
import type { KeyRing } from '../infra/crypto/keyring.ts';
import type { RollingSigningIdentity } from '../infra/crypto/signing-rotation.ts';
import type { JobWorker } from '../infra/jobs/worker.ts';
import type { Logger } from '../infra/logger.ts';
import type { Metrics } from '../infra/metrics.ts';
import type { Db } from '../storage/database.ts';
import type { GroupCommit } from '../storage/group-commit.ts';
import type { CardLookups } from '../storage/repositories/auth-lookup.ts';
import type { Config } from './config.ts';

/** What application services need; built once in main.ts (or a test) and passed down. */
export interface ServiceDeps {
  db: Db;
  keys: KeyRing;
  clock: Clock;
  config: Config;
  logger: Logger;
}

/** Who did something, for audit rows: `issuer-api:<tokenId>`, `member:<enetId>`, `operator:<id>`, `system`. */
export type Actor = string;

/** What the HTTP surface needs on top of the services' deps: built once in server.ts. */
export interface AppDeps extends ServiceDeps {
  metrics: Metrics;
  isShuttingDown: () => boolean;
  ranges: CardRangeCache;
  serviceStatus: ServiceStatus;
  /** Where RReqs go when the AReq's dsURL is absent or not allowed (DS_RREQ_URL or the built-in simulator). */
  rreqFallbackUrl: string;
  worker: JobWorker;
  commits: GroupCommit;
  cardLookups: CardLookups;
  /** The risk policy in force (issue #20), reloaded every RISK_POLICY_REFRESH_MS. */
  riskPolicy: ActiveRiskPolicy;
  /** Signs acsSignedContent in app-channel ARes; reloads its files when they change (and on SIGHUP). */
  signing: RollingSigningIdentity;
  /** The SMS provider's sender (SMS_PROVIDER), the one the sms job uses; the go-live checklist's test send too. */
  smsSender: SmsSender;
  /** Runs the operations scheduler once now: a window started or ended in the console applies without waiting. */
  operationsChanged: () => Promise<void>;
}
