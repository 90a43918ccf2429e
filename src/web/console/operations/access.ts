import type { Role } from '../../../services/console/roles.ts';
import type { RouteOf } from '../route-key.ts';

/** Service-operations routes of the console access table (issue #9); joined into CONSOLE_ROUTES. */
export const OPERATIONS_ROUTES = [] as const satisfies readonly {
  method: 'GET' | 'POST';
  path: string;
  roles: readonly Role[];
}[];

export type OperationsRouteKey = RouteOf<(typeof OPERATIONS_ROUTES)[number]>;
