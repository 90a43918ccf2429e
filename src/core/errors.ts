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
  | 'enrollment_refused'
  /** A card range would share PANs with another range (docs/interfaces.md "Issuer systems"). */
  | 'range_overlap'
  /** A card's PAN lies in no card range this ACS serves. */
  | 'pan_out_of_range';

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
