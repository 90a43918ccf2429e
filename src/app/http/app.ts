import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import { guardRequestInput } from './edge.ts';
import { apiHeaders, baselineHeaders } from './headers.ts';
import { mountOps } from './ops.ts';

const LOCAL_PATH = /^(\/[\w.~-]+)+$/;

export type AppEnv = { Variables: { requestId: string } };

/** A piece of the HTTP surface: each area (api, protocol, challenge, portal, …) mounts its own routes. */
export type Mount = (app: Hono<AppEnv>, deps: AppDeps) => void;

/**
 * The HTTP application. Every error is answered by us (never the framework's default 500): protocol paths
 * get an EMV Erro from their own handlers, the issuer API a JSON error, pages a short HTML message.
 */
export function createApp(deps: AppDeps, mounts: Mount[]): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let counter = 0;
  app.use('*', async (c, next) => {
    const started = performance.now();
    c.set('requestId', `req_${process.pid.toString(36)}_${(counter++).toString(36)}`);
    await next();
    const route = c.req.routePath || 'unmatched';
    const status = `${Math.floor(c.res.status / 100)}xx`;
    deps.metrics.requests.inc({ method: c.req.method, route, status });
    deps.metrics.latency.observe({ method: c.req.method, route }, (performance.now() - started) / 1000);
  });
  // Before every route: headers on whatever is answered, then the body's size, deadline and text (shared/edge.ts).
  app.use('*', baselineHeaders(deps.config.PUBLIC_URL));
  app.use('*', guardRequestInput(deps.config.REQUEST_TIMEOUT_SECONDS));
  app.use('/api/*', apiHeaders);
  mountOps(app, deps.db, deps.metrics, deps.isShuttingDown);
  for (const mount of mounts) mount(app, deps);
  // Issue #18 item 8: `/` leads to the member portal, and a page address typed with a trailing slash
  // (`/enet/`, `/console/`) to the address without it, instead of a bare 404.
  app.get('/', (c) => c.redirect(withQuery('/enet', c.req.url), 302));
  app.notFound((c) => {
    const path = c.req.path;
    if ((c.req.method === 'GET' || c.req.method === 'HEAD') && path.length > 1 && path.endsWith('/')) {
      const bare = path.slice(0, -1);
      // plain segments only: `//host/` or `/\host/` must never become a redirect to another site
      if (LOCAL_PATH.test(bare) && !bare.startsWith('/api/')) return c.redirect(withQuery(bare, c.req.url), 301);
    }
    if (c.req.path.startsWith('/api/')) return c.json({ code: 'not_found', message: 'no such endpoint' }, 404);
    return c.text('Not found', 404);
  });
  app.onError((err, c) => {
    deps.logger.error({ err, requestId: c.get('requestId'), route: c.req.routePath }, 'unhandled error');
    if (c.req.path.startsWith('/api/')) {
      return c.json({ code: 'internal_error', message: 'internal error; the request was not applied' }, 500);
    }
    return c.text('Something went wrong on our side. Please try again.', 500);
  });
  return app;
}

/** `target` with the query string of `url` kept (e.g. `?lang=en`). */
function withQuery(target: string, url: string): string {
  return `${target}${new URL(url).search}`;
}
