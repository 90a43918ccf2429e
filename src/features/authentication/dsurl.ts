/**
 * Where the RReq goes (docs/interfaces.md DS_URL_ALLOWLIST): the AReq's dsURL only when an allowlist prefix
 * matches after URL parsing — same scheme, host and port, path starting with the prefix's path — else the
 * configured DS. Any other dsURL is never contacted.
 */
export function resolveRReqTarget(dsUrl: unknown, allowlist: readonly string[], fallback: string): string {
  if (typeof dsUrl !== 'string') return fallback;
  let target: URL;
  try {
    target = new URL(dsUrl);
  } catch {
    return fallback;
  }
  if (target.username || target.password) return fallback;
  for (const prefix of allowlist) {
    const allowed = new URL(prefix);
    if (
      allowed.protocol === target.protocol &&
      allowed.hostname === target.hostname &&
      allowed.port === target.port &&
      pathWithin(target.pathname, allowed.pathname)
    ) {
      return target.toString();
    }
  }
  return fallback;
}

function pathWithin(path: string, prefix: string): boolean {
  if (prefix === '/' || prefix === '') return true;
  const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
  return path === prefix || path.startsWith(base);
}
