import { z } from 'zod';

/** Comma-separated URL prefixes; each must parse as an absolute http(s) URL. */
const urlList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== ''),
  )
  .pipe(z.array(z.url({ protocol: /^https?$/ })));

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const base64Key = z
  .string()
  .refine((s) => Buffer.from(s, 'base64').length === 32 && /^[A-Za-z0-9+/]+=*$/.test(s), 'must be base64 of 32 bytes');

/** Comma-separated base64 keys (NINSHO_MASTER_KEY_PREVIOUS); the values never appear in a message. */
const base64KeyList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== ''),
  )
  .pipe(z.array(base64Key));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  NINSHO_DATA_DIR: z.string().min(1).default('./data'),
  SEED_DEMO: booleanFlag.default(false),
  NINSHO_MASTER_KEY: base64Key.optional(),
  /** Old master keys that still unwrap (never wrap) while the master key is replaced (docs/operations.md). */
  NINSHO_MASTER_KEY_PREVIOUS: base64KeyList.default([]),
  ISSUER_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  CONSOLE_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  DS_RREQ_URL: z.url({ protocol: /^https?$/ }).optional(),
  DS_URL_ALLOWLIST: urlList.default([]),
  SMS_PROVIDER: z.enum(['outbox', 'twilio', 'smpp']).default('outbox'),
  TWILIO_ACCOUNT_SID: z.string().min(1).optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_FROM: z.string().min(1).optional(),
  TWILIO_API_BASE: z.url({ protocol: /^https?$/ }).default('https://api.twilio.com'),
  SMPP_URL: z.url({ protocol: /^smpp$/ }).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** Behind a reverse proxy: take the client address from the last X-Forwarded-For hop it added. */
  TRUST_PROXY: booleanFlag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** PEM files of the ACS signing key and its certificate chain (app channel acsSignedContent). */
  ACS_SIGNING_KEY_FILE: z.string().min(1).optional(),
  ACS_SIGNING_CERT_FILE: z.string().min(1).optional(),
  // ninsho's own knobs (documented in README "Configuration")
  OTP_TTL_SECONDS: z.coerce.number().int().min(60).max(600).default(300),
  UNENROLLED_POLICY: z.enum(['reject', 'attempts']).default('reject'),
  ISSUER_CALL_CENTRE: z.string().min(1).default('0120-000-000'),
  PHONE_CHANGE_COOLDOWN_HOURS: z.coerce.number().int().min(0).max(720).default(24),
  SMS_SENDER_ID: z.string().min(1).max(16).default('NINSHO'),
  ISSUER_NAME: z.string().min(1).max(64).default('ninsho カード'),
  ISSUER_NAME_EN: z.string().min(1).max(64).default('ninsho Card'),
  ISSUER_SHORT_NAME: z.string().min(1).max(12).default('ninshoカード'),
  MAIL_FROM: z.string().min(3).default('ninsho <no-reply@ninsho.invalid>'),
  /** Member mailings (notices, terms changes): emails queued per minute at most. */
  MAIL_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(600),
  // PostgreSQL timeouts (docs/reliability.md "Database faults"); 0 = no limit
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),
  DATABASE_LOCK_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(1000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  /** How long an AReq waits for the database (card lookup, then its commit) before it is answered Erro 403. */
  AREQ_DATABASE_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(1500),
  // fraud investigations (terms art. 5-3, docs/investigations.md)
  FRAUD_DISPUTE_WINDOW_DAYS: z.coerce.number().int().min(1).max(730).default(120),
  FRAUD_APPROVAL_THRESHOLD_JPY: z.coerce.number().int().min(0).default(100000),
  FRAUD_COOPERATION_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /** Days a replaced CAVV key still verifies (docs/operations.md "CAVV key ceremony"). */
  CVK_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** Seconds a request's body may take to arrive (attachment uploads get four times this); then 408. */
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).default(30),
  /** POST /api/v1/imports: the most bytes one streamed import may send (at most 1 GiB, http/limits.ts). */
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(1024 * 1024 * 1024),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Omit<Env, 'PUBLIC_URL' | 'DS_RREQ_URL'> {
  PUBLIC_URL: string;
  /** undefined = the built-in DS simulator (mounted by the demo) */
  DS_RREQ_URL: string | undefined;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`configuration error: ${variable} ${detail}`);
  }
}

/** Parses and validates the environment. Throws a ConfigError naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    throw new ConfigError(variable, `is invalid: ${issue.message}`);
  }
  const e = parsed.data;
  const requireAll = (provider: string, names: Array<keyof Env>) => {
    for (const name of names) {
      if (e[name] === undefined) throw new ConfigError(name, `is required when SMS_PROVIDER=${provider}`);
    }
  };
  if (e.SMS_PROVIDER === 'twilio') requireAll('twilio', ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM']);
  if (e.SMS_PROVIDER === 'smpp') requireAll('smpp', ['SMPP_URL']);
  if ((e.ACS_SIGNING_KEY_FILE === undefined) !== (e.ACS_SIGNING_CERT_FILE === undefined)) {
    const missing = e.ACS_SIGNING_KEY_FILE === undefined ? 'ACS_SIGNING_KEY_FILE' : 'ACS_SIGNING_CERT_FILE';
    throw new ConfigError(missing, 'is required together with the other ACS_SIGNING_* file');
  }
  if (e.NODE_ENV === 'production') {
    if (!e.NINSHO_MASTER_KEY)
      throw new ConfigError('NINSHO_MASTER_KEY', 'is required when NODE_ENV=production (no generated dev key)');
    if (!e.CONSOLE_ADMIN_PASSWORD)
      throw new ConfigError('CONSOLE_ADMIN_PASSWORD', 'is required when NODE_ENV=production (no printed dev password)');
    if (!e.DATABASE_URL) throw new ConfigError('DATABASE_URL', 'is required when NODE_ENV=production');
    if (e.SEED_DEMO) throw new ConfigError('SEED_DEMO', 'must be false when NODE_ENV=production');
    if (!e.DS_RREQ_URL) {
      throw new ConfigError(
        'DS_RREQ_URL',
        'is required when NODE_ENV=production (the built-in DS simulator is for development)',
      );
    }
    if (e.SMS_PROVIDER === 'outbox')
      throw new ConfigError('SMS_PROVIDER', 'must not be outbox when NODE_ENV=production');
    if (!e.ACS_SIGNING_KEY_FILE)
      throw new ConfigError(
        'ACS_SIGNING_KEY_FILE',
        'is required when NODE_ENV=production (no self-signed dev certificate), with ACS_SIGNING_CERT_FILE',
      );
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return { ...e, PUBLIC_URL: publicUrl, DS_RREQ_URL: e.DS_RREQ_URL };
}
