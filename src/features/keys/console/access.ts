import type { AccessTable, RouteOf } from '../../console/route-key.ts';
import type { Role } from '../../console/service/roles.ts';

/** Keys are admins' work (src/features/console/access.ts: admins manage people and keys). */
const ADMIN: readonly Role[] = ['admin'];

/** The key screen and the CVK ceremony steps (docs/operations.md "CAVV key ceremony"); joined into CONSOLE_ROUTES. */
export const KEY_ROUTES = [
  { method: 'GET', path: '/console/keys', roles: ADMIN },
  { method: 'POST', path: '/console/keys/ceremonies', roles: ADMIN },
  { method: 'POST', path: '/console/keys/ceremonies/:id/component', roles: ADMIN },
  { method: 'POST', path: '/console/keys/ceremonies/:id/finish', roles: ADMIN },
  { method: 'POST', path: '/console/keys/ceremonies/:id/cancel', roles: ADMIN },
  { method: 'POST', path: '/console/keys/generate', roles: ADMIN },
  { method: 'POST', path: '/console/keys/:id/register', roles: ADMIN },
  { method: 'POST', path: '/console/keys/:id/activate', roles: ADMIN },
] as const satisfies AccessTable;

export type KeyRouteKey = RouteOf<(typeof KEY_ROUTES)[number]>;
