import type { Role } from '../../../services/console/roles.ts';
import type { RouteOf } from '../route-key.ts';

/** Fraud-investigation routes of the console access table (issue #8); joined into CONSOLE_ROUTES. */
export const INVESTIGATION_ROUTES = [] as const satisfies readonly {
  method: 'GET' | 'POST';
  path: string;
  roles: readonly Role[];
}[];

export type InvestigationRouteKey = RouteOf<(typeof INVESTIGATION_ROUTES)[number]>;
