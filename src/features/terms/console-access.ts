import type { AccessTable, RouteOf } from '../console/route-key.ts';
import type { Role } from '../console/service/roles.ts';

/** Admins publish; operators and auditors read (issue #9). */
const READ: readonly Role[] = ['admin', 'operator', 'auditor'];
const ADMIN: readonly Role[] = ['admin'];

/** Terms versions (art. 12) in the console access table; joined into OPERATIONS_ROUTES. */
export const TERMS_ROUTES = [
  { method: 'GET', path: '/console/terms', roles: READ },
  { method: 'POST', path: '/console/terms', roles: ADMIN },
  { method: 'GET', path: '/console/terms/:id', roles: READ },
  { method: 'POST', path: '/console/terms/:id', roles: ADMIN },
  { method: 'POST', path: '/console/terms/:id/publish', roles: ADMIN },
] as const satisfies AccessTable;

export type TermsRouteKey = RouteOf<(typeof TERMS_ROUTES)[number]>;
