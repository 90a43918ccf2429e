import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AppDeps } from '../../app/deps.ts';
import { transportHeaders } from '../../app/http/headers.ts';
import { answerAndLinger } from '../../app/http/linger.ts';
import { buildErro } from '../erro.ts';
import { PROTOCOL_BODY_LIMIT, processAReq } from './areq.ts';

/**
 * The AReq fast path: `POST /3ds/areq` served straight from node:http, in front of Hono. The AReq is every
 * checkout's first hop, and the fetch-API adapter (Request/Response objects, header copies, middleware
 * chain) cost about a fifth of its CPU in the benchmark profile (docs/performance.md). Same answers as
 * the Hono route: `processAReq` is shared; the 256 KiB limit, request metrics and headers are kept here.
 */
export function withAReqFastPath(deps: AppDeps, next: RequestListener): RequestListener {
  let counter = 0;
  const security = transportHeaders(deps.config.PUBLIC_URL);
  const textHeaders = { ...security, 'content-type': 'text/plain; charset=UTF-8' };
  const decoder = new TextDecoder(); // like Response.text(): UTF-8, BOM dropped, bad bytes replaced
  return (req, res) => {
    if (req.method !== 'POST' || !isAReqPath(req.url)) {
      next(req, res);
      return;
    }
    const started = performance.now();
    const requestId = `req_${process.pid.toString(36)}_a${(counter++).toString(36)}`;
    const done = (status: number) => {
      deps.metrics.requests.inc({ method: 'POST', route: '/3ds/areq', status: `${Math.floor(status / 100)}xx` });
      deps.metrics.latency.observe({ method: 'POST', route: '/3ds/areq' }, (performance.now() - started) / 1000);
    };
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > PROTOCOL_BODY_LIMIT) {
      tooLarge(req, res, textHeaders);
      done(413);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    // A body still arriving at the deadline is not waited for (shared/limits.ts): 408, connection closed.
    const deadline = setTimeout(() => {
      if (refused || req.complete) return;
      refused = true;
      res.writeHead(408, { ...textHeaders, connection: 'close' }).end('Request Timeout');
      done(408);
    }, deps.config.REQUEST_TIMEOUT_SECONDS * 1000);
    req.once('close', () => clearTimeout(deadline));
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > PROTOCOL_BODY_LIMIT) {
        refused = true;
        clearTimeout(deadline);
        tooLarge(req, res, textHeaders);
        done(413);
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      if (refused || res.headersSent) return;
      refused = true;
      res.writeHead(400, textHeaders).end('Bad Request');
      done(400);
    });
    req.on('end', () => {
      clearTimeout(deadline);
      if (refused) return;
      const text = decoder.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
      const header = req.headers['x-request-id'];
      void processAReq(deps, text, typeof header === 'string' ? header : undefined, requestId)
        .catch((err: unknown) => {
          // processAReq answers every failure itself; this is the last line that keeps a 500 from leaving.
          deps.logger.error({ err, requestId }, 'AReq fast path failed');
          const body = buildErro({ errorCode: '403', errorDetail: 'ACS', messageVersion: '2.2.0' });
          return { body, headers: { 'Cache-Control': 'no-store' } };
        })
        .then((reply) => {
          send(res, reply.body, { ...security, ...reply.headers });
          done(200);
        });
    });
  };
}

function isAReqPath(url: string | undefined): boolean {
  if (!url) return false;
  const q = url.indexOf('?');
  return (q === -1 ? url : url.slice(0, q)) === '/3ds/areq';
}

function send(res: ServerResponse, body: object, headers: Record<string, string>): void {
  const json = JSON.stringify(body);
  res.writeHead(200, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

/** docs/interfaces.md: a protocol body over 256 KiB is refused with HTTP 413; the client can still read it. */
function tooLarge(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): void {
  answerAndLinger(req, res, 413, headers, 'Payload Too Large');
}
