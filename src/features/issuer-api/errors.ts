import type { Context } from 'hono';
import type { ClientErrorStatusCode } from 'hono/utils/http-status';
import { asServiceError, httpStatusOf } from '../../app/http/errors.ts';
import type { ServiceErrorCode } from '../../core/errors.ts';

/** Codes raised at the HTTP edge itself, before a service runs. */
export type EdgeErrorCode =
  | 'invalid_json'
  | 'invalid_body'
  | 'invalid_path_parameter'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'unauthorized';

export type ApiErrorCode = EdgeErrorCode | ServiceErrorCode;

/** docs/interfaces.md "Issuer systems": issuer API errors are 4xx JSON `{ code, message, field? }`. */
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

/** Maps what a handler threw to the issuer-facing error, or undefined for a genuine server fault. */
export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  const domain = asServiceError(err);
  return domain && new ApiError(httpStatusOf(domain.code), domain.code, domain.message, domain.field);
}

export function errorResponse(c: Context, err: ApiError): Response {
  const body: ApiErrorBody = {
    code: err.code,
    message: err.message,
    ...(err.field !== undefined && { field: err.field }),
  };
  return c.json(body, err.status);
}
