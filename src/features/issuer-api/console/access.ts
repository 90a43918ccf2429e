import type { AccessTable, RouteOf } from '../../console/route-key.ts';
import type { Role } from '../../console/service/roles.ts';

const ADMIN: readonly Role[] = ['admin'];

/** Card range routes of the console access table (issue #17): admins only; joined into CONSOLE_ROUTES. */
export const CARD_RANGE_ROUTES = [
  { method: 'GET', path: '/console/card-ranges', roles: ADMIN },
  { method: 'POST', path: '/console/card-ranges', roles: ADMIN },
  { method: 'GET', path: '/console/card-ranges/:id/delete', roles: ADMIN },
  { method: 'POST', path: '/console/card-ranges/:id/delete', roles: ADMIN },
  { method: 'POST', path: '/console/card-ranges/approvals/:id/decide', roles: ADMIN },
] as const satisfies AccessTable;

export type CardRangeRouteKey = RouteOf<(typeof CARD_RANGE_ROUTES)[number]>;
