import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { isConcurrencyConflict } from '../../app/http/errors.ts';
import type { ApiEnv } from './auth.ts';
import { ApiError, errorResponse, toApiError } from './errors.ts';

/** docs/interfaces.md: `enetId`, `cardRef` and `rangeId` are 1–64 of `A-Z a-z 0-9 _ -`. */
const IDENTIFIER = /^[A-Za-z0-9_-]{1,64}$/;

export const MAX_BODY_BYTES = 64 * 1024;

export function pathParam(c: Context, name: 'enetId' | 'cardRef' | 'rangeId'): string {
  const value = c.req.param(name) ?? '';
  if (!IDENTIFIER.test(value)) {
    throw new ApiError(400, 'invalid_path_parameter', `${name} must be 1 to 64 of A-Z a-z 0-9 _ -`, name);
  }
  return value;
}

/** Refuses an oversized body before it is read into memory (by Content-Length, or while streaming). */
export const limitBody: MiddlewareHandler = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) =>
    errorResponse(c, new ApiError(413, 'payload_too_large', `the body must not exceed ${MAX_BODY_BYTES} bytes`)),
});

/** Content type, JSON syntax and the schema, in that order; the first failure becomes a 4xx ApiError. */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new ApiError(415, 'unsupported_media_type', 'the body must be application/json');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    throw new ApiError(400, 'invalid_json', 'the body is not valid JSON');
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  // An unknown key is reported on the object; name the key itself so the issuer sees its typo.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  const field = path.map(String).join('.');
  const message = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
  throw new ApiError(400, 'invalid_body', field ? `${field}: ${message}` : message, field || undefined);
}

/** A change that lost a race is rerun this many times at most before the issuer gets a 409. */
const RACE_ATTEMPTS = 3;

/**
 * Runs a service change, again if a concurrent request won a race (the transaction was rolled back): the rerun
 * sees that request's result, so an identical PUT becomes a no-op and idempotent requests stay idempotent.
 */
export async function applyChange<T>(change: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await change();
    } catch (err) {
      if (attempt >= RACE_ATTEMPTS || !isConcurrencyConflict(err)) throw err;
    }
  }
}

/**
 * Wraps a handler so issuer-facing failures answer as `{ code, message, field? }`; anything else is a real fault.
 * The request id goes back as X-Request-ID: it is the id the audit rows of this request carry.
 */
export function endpoint(handler: (c: Context<ApiEnv>) => Promise<Response>) {
  return async (c: Context<ApiEnv>): Promise<Response> => {
    c.header('x-request-id', c.get('requestId'));
    try {
      return await handler(c);
    } catch (err) {
      const apiError = toApiError(err);
      if (!apiError) throw err;
      return errorResponse(c, apiError);
    }
  };
}
