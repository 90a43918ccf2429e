import type { AccessTable, RouteOf } from '../../console/route-key.ts';
import type { Role } from '../../console/service/roles.ts';
import { TERMS_ROUTES } from '../../terms/console-access.ts';

/** Admins act; operators and auditors read (issue #9). */
const READ: readonly Role[] = ['admin', 'operator', 'auditor'];
const ADMIN: readonly Role[] = ['admin'];

/** Service-operations routes of the console access table (issue #9); joined into CONSOLE_ROUTES. */
export const OPERATIONS_ROUTES = [
  // service windows and emergency stops (terms art. 11)
  { method: 'GET', path: '/console/operations', roles: READ },
  { method: 'POST', path: '/console/operations/windows', roles: ADMIN },
  { method: 'POST', path: '/console/operations/windows/:id/cancel', roles: ADMIN },
  { method: 'POST', path: '/console/operations/windows/:id/end', roles: ADMIN },
  { method: 'POST', path: '/console/operations/emergency', roles: ADMIN },
  // notices (art. 3-2) and member mailings
  { method: 'GET', path: '/console/notices', roles: READ },
  { method: 'POST', path: '/console/notices', roles: ADMIN },
  { method: 'POST', path: '/console/notices/:id/mailing', roles: ADMIN },
  { method: 'GET', path: '/console/mailings/:id', roles: READ },
  { method: 'POST', path: '/console/mailings/:id/control', roles: ADMIN },
  // terms versions (art. 12): src/features/terms/console-access.ts
  ...TERMS_ROUTES,
] as const satisfies AccessTable;

export type OperationsRouteKey = RouteOf<(typeof OPERATIONS_ROUTES)[number]>;
