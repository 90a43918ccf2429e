import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../web/app.ts';

/** Issuer API (/api/v1): placeholder until the routes land. */
export function mountIssuerApi(_app: Hono<AppEnv>, _deps: AppDeps): void {}
