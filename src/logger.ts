import pino, { type DestinationStream, type Logger } from 'pino';
import { scrubText } from './crypto/mask.ts';

export type { Logger };

/**
 * Keys whose values never reach a log line, wherever they sit in the logged object.
 * Values are replaced, not masked: a log reader never needs them.
 */
const SECRET_KEYS = [
  'pan',
  'acctNumber',
  'phone',
  'to',
  'otp',
  'code',
  'password',
  'token',
  'authorization',
  'cookie',
  'creq',
  'cres',
  'body',
  'threeDSSessionData',
  'threeDSMethodData',
  'cavv',
  'authenticationValue',
];

const redactPaths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

/**
 * JSON-lines logger on stdout. Two layers keep personal data out: structured redaction of known keys,
 * and a scrub of every string argument for PAN-like digit runs, phone numbers and 6-digit codes.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: redactPaths, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((a) => (typeof a === 'string' ? scrubText(a) : a));
          return method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
      formatters: {
        log(object) {
          return scrubObject(object) as Record<string, unknown>;
        },
      },
      serializers: {
        err: (err: unknown) => {
          const e = err instanceof Error ? err : new Error(String(err));
          return { type: e.name, message: scrubText(e.message), stack: e.stack ? scrubText(e.stack) : undefined };
        },
      },
    },
    destination,
  );
}

function scrubObject(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubObject(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubObject(v, depth + 1);
  return out;
}
