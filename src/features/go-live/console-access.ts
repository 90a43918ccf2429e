import type { AccessTable, RouteOf } from '../console/route-key.ts';
import type { Role } from '../console/service/roles.ts';

const ADMIN: readonly Role[] = ['admin'];

/** The go-live checklist in the console access table (admins: it reads keys and settings and sends a test SMS). */
export const GO_LIVE_ROUTES = [
  { method: 'GET', path: '/console/go-live', roles: ADMIN },
  { method: 'POST', path: '/console/go-live/sms-test', roles: ADMIN },
] as const satisfies AccessTable;

export type GoLiveRouteKey = RouteOf<(typeof GO_LIVE_ROUTES)[number]>;
