/**
 * Typed domain errors raised by application services. Only the edges map them to HTTP statuses,
 * EMV error codes or page messages.
 */
export type ServiceErrorCode =
  | 'not_found'
  | 'conflict'
  | 'invalid'
  | 'forbidden'
  | 'locked'
  | 'rate_limited'
  | 'enrollment_refused';

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly field?: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}
