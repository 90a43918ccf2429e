import type { Context } from 'hono';
import type { ClientErrorStatusCode } from 'hono/utils/http-status';
import { ServiceError, type ServiceErrorCode } from '../../core/errors.ts';

/** Codes raised at the HTTP edge itself, before a service runs. */
export type EdgeErrorCode =
  | 'invalid_json'
  | 'invalid_body'
  | 'invalid_path_parameter'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'unauthorized';

export type ApiErrorCode = EdgeErrorCode | ServiceErrorCode;

/** INTERFACES.md: issuer API errors are 4xx JSON `{ code, message, field? }`. */
export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  field?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: ClientErrorStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const SERVICE_STATUS: Record<ServiceErrorCode, ClientErrorStatusCode> = {
  not_found: 404,
  conflict: 409,
  invalid: 400,
  enrollment_refused: 409,
  forbidden: 403,
  rate_limited: 429,
  locked: 423,
};

/**
 * PostgreSQL errors that mean a concurrent request got there first: unique_violation (both created the same row
 * or claimed the same PAN), serialization_failure and deadlock_detected. The transaction was rolled back.
 */
const RACE_CODES = new Set(['23505', '40001', '40P01']);
export function isConcurrencyConflict(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && RACE_CODES.has(String(err.code));
}

/** Maps what a handler threw to the issuer-facing error, or undefined for a genuine server fault. */
export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof ServiceError) return new ApiError(SERVICE_STATUS[err.code], err.code, err.message, err.field);
  if (isConcurrencyConflict(err)) {
    return new ApiError(409, 'conflict', 'a concurrent request changed this resource; retry the request');
  }
  return undefined;
}

export function errorResponse(c: Context, err: ApiError): Response {
  const body: ApiErrorBody = {
    code: err.code,
    message: err.message,
    ...(err.field !== undefined && { field: err.field }),
  };
  return c.json(body, err.status);
}
