import type { Hono } from 'hono';
import type { AppDeps } from '../../app/deps.ts';
import type { AppEnv } from '../../app/http/app.ts';
import { goLiveHandlers } from '../go-live/console-routes.tsx';
import { investigationHandlers } from '../investigations/console/routes.tsx';
import { cardRangeHandlers } from '../issuer-api/console/routes.tsx';
import { importHandlers } from '../issuer-api/import/console-routes.tsx';
import { keyHandlers } from '../keys/console/routes.tsx';
import { operationsHandlers } from '../operations/console/routes.tsx';
import { riskHandlers } from '../risk/console/routes.tsx';
import type { ConsoleRouteKey } from './access.ts';
import { accountHandlers } from './account-routes.tsx';
import { adminHandlers } from './admin-routes.tsx';
import { mountConsoleAuth } from './auth-routes.tsx';
import { dashboardHandlers } from './dashboard-routes.tsx';
import { type Handler, mountGuarded } from './guard.tsx';
import { createConsoleWeb } from './http.ts';
import { memberHandlers } from './member-routes.tsx';
import { readHandlers } from './read-routes.tsx';
import { revealHandlers } from './reveal-routes.tsx';

/** The back-office console at /console (docs/interfaces.md): sign-in, then every route of the access table. */
export function mountConsole(app: Hono<AppEnv>, deps: AppDeps): void {
  const web = createConsoleWeb(deps);
  mountConsoleAuth(app, web);
  const handlers = {
    ...memberHandlers,
    ...dashboardHandlers,
    ...readHandlers,
    ...revealHandlers,
    ...adminHandlers,
    ...accountHandlers,
    ...investigationHandlers,
    ...operationsHandlers,
    ...cardRangeHandlers,
    ...keyHandlers,
    ...goLiveHandlers(deps),
    ...importHandlers,
    ...riskHandlers,
  } satisfies Record<ConsoleRouteKey, Handler>;
  mountGuarded(app, web, handlers);
}
