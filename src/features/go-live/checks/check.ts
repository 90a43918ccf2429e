import type { Config } from '../../../app/config.ts';
import type { Clock } from '../../../core/ports.ts';
import type { KeyRing } from '../../../infra/crypto/keyring.ts';
import type { AcsSigningIdentity } from '../../../infra/crypto/signing-identity.ts';
import type { Logger } from '../../../infra/logger.ts';
import type { Db } from '../../../storage/database.ts';
import type { CvkStatus } from './cvk-status.ts';

export type CheckStatus = 'ok' | 'warn' | 'fail';

/** A text in both console languages. */
export interface Texts {
  ja: string;
  en: string;
}

export interface CheckResult {
  status: CheckStatus;
  /** What was found, in plain language. */
  detail: Texts;
  /** What to do about it: the exact command or console screen (absent when there is nothing to do). */
  fix?: Texts | undefined;
}

/** What the checks read: the app's parts, plus the seams tests and the integrator replace. */
export interface GoLiveDeps {
  db: Db;
  keys: KeyRing;
  clock: Clock;
  config: Config;
  logger: Logger;
  /** The ACS signing identity the app channel signs with (AppDeps.signing). */
  signing: AcsSigningIdentity;
  /** The SMS provider in use (SmsSender.name). */
  smsProvider: string;
  /** Where RReqs go without an allowed dsURL: DS_RREQ_URL or the built-in simulator (AppDeps.rreqFallbackUrl). */
  rreqFallbackUrl: string;
  /** The CAVV key in force and its registration with Visa (see cvk-status.ts). */
  cvkStatus: (deps: GoLiveDeps) => Promise<CvkStatus>;
  /** Each outbound HTTP probe gives up after this long. */
  probeTimeoutMs: number;
}

export interface GoLiveCheck {
  id: string;
  title: Texts;
  /** The whole check gives up after this long (default CHECK_TIMEOUT_MS): a hanging probe never hangs the page. */
  timeoutMs?: number;
  run(deps: GoLiveDeps): Promise<CheckResult>;
}

export const CHECK_TIMEOUT_MS = 5000;

export const texts = (ja: string, en: string): Texts => ({ ja, en });

/** `2026-12-01 09:00 JST`: operators work in Japan time (JST is UTC+9 all year). */
export function jstTime(d: Date): string {
  return `${new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')} JST`;
}
