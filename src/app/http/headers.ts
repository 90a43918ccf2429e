import type { Context, MiddlewareHandler } from 'hono';

/**
 * The one place that decides the security headers of every surface (docs/reliability.md "Hostile input").
 * `baselineHeaders` covers every response (errors and redirects included); each page kind adds its CSP here.
 * CSP nonces: every page gets a fresh one per response; inline style/script run only with it.
 */

const HSTS = 'max-age=63072000; includeSubDomains';

/** nosniff on every response; HSTS when the service is published over https (PUBLIC_URL). */
export function transportHeaders(publicUrl: string): Record<string, string> {
  const headers: Record<string, string> = { 'X-Content-Type-Options': 'nosniff' };
  if (new URL(publicUrl).protocol === 'https:') headers['Strict-Transport-Security'] = HSTS;
  return headers;
}

/** Registered first: whatever a route answered, these headers are on it. */
export function baselineHeaders(publicUrl: string): MiddlewareHandler {
  const headers = Object.entries(transportHeaders(publicUrl));
  return async (c, next) => {
    await next();
    for (const [name, value] of headers) c.res.headers.set(name, value);
  };
}

/** Issuer API answers carry member data: never stored by a cache on the way. */
export const apiHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set('Cache-Control', 'no-store');
};

function set(c: Context, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
}

/**
 * The challenge (the acsURL page in the merchant's iframe): framing allowed anywhere, nothing cached, no
 * Referer, forms only to us. The final CRes page has no `form-action` at all: its one form (built by us,
 * no user-supplied markup, scripts only with this nonce) posts the CRes to the notificationURL, and
 * Chromium applies `form-action` to every redirect that post gets, so a payment provider answering with a
 * redirect to the merchant's own page (another origin) would leave the cardholder stuck on the final page.
 */
export function challengePageHeaders(c: Context, nonce: string, page: 'challenge' | 'final'): void {
  const formAction = page === 'final' ? '' : " form-action 'self';";
  set(c, {
    // connect-src 'self': the passkey offer asks our server whether its window approved (docs/passkeys.md).
    'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'; img-src data:;${formAction} frame-ancestors *; base-uri 'none'`,
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  });
}

/** The 3DS Method page (hidden iframe): our script only, its form to us and the notification URL. */
export function methodPageHeaders(c: Context, nonce: string, notificationOrigin: string): void {
  set(c, {
    'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; form-action 'self' ${notificationOrigin}; frame-ancestors *; base-uri 'none'`,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  });
}

/**
 * Signed-in pages (member portal, operator console): no scripts, nothing external, never framed, nothing
 * cached, Referer only to ourselves (the CSRF check's fallback reads it).
 */
export function privatePageHeaders(c: Context, nonce: string): void {
  set(c, {
    'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${nonce}'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
  });
}

/** Public pages (notices, terms): the same as private pages, but a cache may keep them. */
export function publicPageHeaders(c: Context, nonce: string): void {
  set(c, {
    'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${nonce}'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
  });
}

/** A public feed (Atom): nothing in it runs, and it is never framed. */
export function feedHeaders(c: Context): void {
  set(c, {
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
  });
}

/** A stored file handed back (fraud-case attachments): sandboxed, typed as stored, never cached. */
export function downloadHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}

/** Demo pages (not production): the shop frames the ACS and posts to it. */
export function demoPageHeaders(
  c: Context,
  nonce: string,
  frameOrigins: readonly string[],
  formOrigins: readonly string[],
): void {
  const frames = ["'self'", ...frameOrigins].join(' ');
  const forms = ["'self'", ...formOrigins].join(' ');
  set(c, {
    'Content-Security-Policy': [
      "default-src 'none'",
      `style-src 'nonce-${nonce}'`,
      `script-src 'nonce-${nonce}'`,
      "img-src 'self' data:",
      `frame-src ${frames}`,
      `form-action ${forms}`,
      "connect-src 'self'",
      "base-uri 'none'",
      "frame-ancestors 'self'",
    ].join('; '),
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
  });
}
