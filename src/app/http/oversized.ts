import type { RequestListener } from 'node:http';
import { transportHeaders } from './headers.ts';
import { requestLimits } from './limits.ts';
import { answerAndLinger } from './linger.ts';

/**
 * In front of every route (the AReq fast path and the Hono app): a declared Content-Length over the route's
 * limit is answered 413 before a byte of the body is read, and the connection lingers so the client reads it.
 * Bodies without a length are counted while they stream (edge.ts).
 */
export function refuseOversized(
  config: { PUBLIC_URL: string; REQUEST_TIMEOUT_SECONDS: number },
  next: RequestListener,
) {
  const security = transportHeaders(config.PUBLIC_URL);
  const listener: RequestListener = (req, res) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (declared > 0 && declared > requestLimits(req.method ?? 'GET', path, config.REQUEST_TIMEOUT_SECONDS).maxBytes) {
      const api = path.startsWith('/api/');
      const body = api
        ? JSON.stringify({ code: 'payload_too_large', message: 'The request is too large.' })
        : 'Payload Too Large';
      const type = api ? 'application/json' : 'text/plain; charset=UTF-8';
      answerAndLinger(req, res, 413, { ...security, 'content-type': type }, body);
      return;
    }
    next(req, res);
  };
  return listener;
}
