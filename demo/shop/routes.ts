import type { Hono } from 'hono';
import type { AppDeps } from '../../src/app/deps.ts';
import type { AppEnv } from '../../src/app/http/app.ts';
import { mountDsAReq } from '../simulator/ds/routes.ts';
import { mountThreeDSServer } from './server-routes.tsx';
import { mountShop } from './shop-routes.tsx';

export { mountDsSimulator } from '../simulator/ds/routes.ts';

/**
 * The demo (only with SEED_DEMO): the shop at /demo/shop, its simulated 3DS Server under /demo/3ds-server/…
 * and the simulated DS's AReq entry /demo/ds/areq. The DS's RReq receiver is mounted on its own
 * (mountDsSimulator), always, because it is the default DS_RREQ_URL.
 */
export function mountDemo(app: Hono<AppEnv>, deps: AppDeps): void {
  mountDsAReq(app, deps);
  mountShop(app, deps);
  mountThreeDSServer(app, deps);
}
