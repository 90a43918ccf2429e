/**
 * How much a request may send and for how long, by route (docs/reliability.md "Hostile input"). The edge
 * (`edge.ts` for every Hono route, `protocol/areq-http.ts` for the AReq fast path) applies these before any
 * handler reads the body, so no route can be made to buffer more than its own limit.
 */

/** docs/interfaces.md: a protocol body over 256 KiB is refused with HTTP 413. */
export const PROTOCOL_BODY_LIMIT = 256 * 1024;
/** Every other form or JSON body: the largest ordinary form is the fraud report (2,000 characters). */
const FORM_BODY_LIMIT = 64 * 1024;
/** Terms drafts: 20,000 characters of body and two 4,000-character summaries, 3 bytes each in UTF-8. */
const TERMS_BODY_LIMIT = 256 * 1024;
/** A fraud-case attachment: 5 MiB of file and the form around it (console/investigation/access.ts). */
const ATTACHMENT_BODY_LIMIT = 5 * 1024 * 1024 + 64 * 1024;

/**
 * The bulk enrolment import (POST /api/v1/imports, docs/operations.md "Bulk enrolment"): NDJSON streamed line by
 * line by its handler, never buffered here. Its deadline is an idle timeout (no byte for that long), not a
 * whole-body one: a million-card file takes minutes to send.
 */
export const IMPORT_BODY_LIMIT = 1024 * 1024 * 1024;

/** An upload of the largest size gets this many times the ordinary request deadline. */
const UPLOAD_DEADLINE_FACTOR = 4;

export interface RequestLimits {
  maxBytes: number;
  /** The whole body must have arrived this long after the request line (408 otherwise). */
  deadlineMs: number;
  /**
   * The handler reads the body as a stream and enforces `maxBytes` itself, with `deadlineMs` as the longest
   * silence between two chunks; the edge does not read it.
   */
  streamed?: true;
}

/** Protocol endpoints: the DS, 3DS Servers and the cardholder's browser during a purchase. */
export function isProtocolPath(path: string): boolean {
  return path.startsWith('/3ds/') || path.startsWith('/demo/ds/') || path.startsWith('/demo/3ds-server/');
}

export function requestLimits(method: string, path: string, requestTimeoutSeconds: number): RequestLimits {
  const deadlineMs = requestTimeoutSeconds * 1000;
  if (isProtocolPath(path)) return { maxBytes: PROTOCOL_BODY_LIMIT, deadlineMs };
  if (method === 'POST' && path === '/api/v1/imports') {
    return { maxBytes: IMPORT_BODY_LIMIT, deadlineMs, streamed: true };
  }
  if (method === 'POST' && /^\/console\/cases\/[^/]+\/attachments$/.test(path)) {
    return { maxBytes: ATTACHMENT_BODY_LIMIT, deadlineMs: deadlineMs * UPLOAD_DEADLINE_FACTOR };
  }
  if (method === 'POST' && /^\/console\/terms(\/[^/]+)?$/.test(path)) return { maxBytes: TERMS_BODY_LIMIT, deadlineMs };
  return { maxBytes: FORM_BODY_LIMIT, deadlineMs };
}

/**
 * An idle keep-alive connection stays open this long. Callers (the DS, a load balancer in front) pool their
 * connections; if the server closed idle ones first, a request sent on a connection just being closed would be
 * lost in flight. The server should outlast the caller's idle timeout (commonly 60 s), not the other way round.
 */
const KEEP_ALIVE_MS = 65_000;

/**
 * Node's own limits: headers within the request timeout. Node's whole-request timeout is off: it is one value
 * for the whole server and would cut the streamed import (minutes of body); every body has its own deadline
 * instead (edge.ts for Hono routes, the import's idle timeout, areq-http.ts for the AReq fast path).
 */
export function boundServerTimeouts(
  server: { headersTimeout: number; requestTimeout: number; keepAliveTimeout: number },
  requestTimeoutSeconds: number,
): void {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.requestTimeout = 0;
  server.headersTimeout = Math.min(requestTimeoutSeconds * 1000, 60_000);
}
