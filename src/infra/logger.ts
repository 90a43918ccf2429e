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
          // `logger.error(err)` or `({ err })` alone: pino would take the raw message as msg, past the scrubber.
          const [first, ...rest] = args;
          const err = first instanceof Error ? first : errOf(first);
          const lifted = err && typeof rest[0] !== 'string' ? [{ err, ...errFree(first) }, err.message, ...rest] : args;
          const cleaned = lifted.map((a) => (typeof a === 'string' ? scrubText(a) : a));
          return method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
      // pino's default `err` serializer would read our already-scrubbed error as a plain Object.
      serializers: { err: (err: unknown) => err },
      formatters: {
        log(object) {
          return scrubObject(object) as Record<string, unknown>;
        },
      },
    },
    destination,
  );
}

/** Runs before pino's serializers, so an Error is turned into its scrubbed parts here, not flattened to `{}`. */
function scrubObject(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value instanceof Error) return scrubError(value, depth);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubObject(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubObject(v, depth + 1);
  return out;
}

/** An error's type, message and stack (and its cause, one level deep at a time), each scrubbed. */
function scrubError(err: Error, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.name, message: scrubText(err.message) };
  if (err.stack) out.stack = scrubText(err.stack);
  if (err.cause !== undefined && depth < 4) out.cause = scrubObject(err.cause, depth + 1);
  return out;
}

function errOf(value: unknown): Error | undefined {
  return typeof value === 'object' && value !== null && 'err' in value && value.err instanceof Error
    ? value.err
    : undefined;
}

function errFree(value: unknown): object {
  return value instanceof Error || typeof value !== 'object' || value === null ? {} : value;
}
