import type { AccessTable, RouteOf } from '../../console/route-key.ts';
import type { Role } from '../../console/service/roles.ts';

/**
 * Bulk enrolment imports in the console (docs/console.md): read-only progress and line errors. Imports are
 * started through the issuer API or the CLI, not a browser form (a 1 GiB upload is not a form's job).
 */
const READ: readonly Role[] = ['admin', 'operator', 'auditor'];

export const IMPORT_ROUTES = [
  { method: 'GET', path: '/console/imports', roles: READ },
  { method: 'GET', path: '/console/imports/:id', roles: READ },
] as const satisfies AccessTable;

export type ImportRouteKey = RouteOf<(typeof IMPORT_ROUTES)[number]>;
