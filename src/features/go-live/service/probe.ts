/** Why a URL could not be reached, as a class: never the body or the full error text. */
export type ProbeFailure = 'timeout' | 'connection_refused' | 'dns' | 'tls' | 'network';

export type ProbeResult =
  | { reachable: true; status: number }
  | { reachable: false; failure: ProbeFailure; code?: string };

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_OSSL_)/;

/**
 * Whether anything answers HTTP at `url`: a POST of `{}` as JSON, as an RReq would arrive. Any HTTP response
 * counts (the DS will refuse an empty message, which proves it is there); the body is never read.
 */
export async function probeUrl(url: string, timeoutMs: number): Promise<ProbeResult> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel().catch(() => undefined);
    return { reachable: true, status: res.status };
  } catch (err) {
    return { reachable: false, ...classify(err) };
  }
}

function classify(err: unknown): { failure: ProbeFailure; code?: string } {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return { failure: 'timeout' };
  const code = errorCode(err);
  if (!code) return { failure: 'network' };
  if (code === 'ECONNREFUSED') return { failure: 'connection_refused', code };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return { failure: 'dns', code };
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return { failure: 'timeout', code };
  if (TLS_CODE.test(code)) return { failure: 'tls', code };
  return { failure: 'network', code };
}

/** The system error code under fetch's TypeError (undici puts it in `cause`, sometimes one level deeper). */
function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,60}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A URL as shown on the screen: scheme, host, port and path, never credentials or a query. */
export function shownUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}
