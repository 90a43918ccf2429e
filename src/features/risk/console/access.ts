import type { AccessTable, RouteOf } from '../../console/route-key.ts';
import type { Role } from '../../console/service/roles.ts';
import { BACKTEST_ROUTES } from './backtest-access.ts';

/** Risk policies are admins' work, read by auditors too (docs/risk.md "Activating a policy"). */
const ADMIN: readonly Role[] = ['admin'];

/** The risk policy screen and its four-eyes steps; joined into CONSOLE_ROUTES. */
export const RISK_ROUTES = [
  { method: 'GET', path: '/console/risk', roles: ['admin', 'auditor'] },
  { method: 'GET', path: '/console/risk/dashboard', roles: ['admin', 'auditor'] },
  { method: 'GET', path: '/console/risk/new', roles: ADMIN },
  { method: 'POST', path: '/console/risk', roles: ADMIN },
  { method: 'POST', path: '/console/risk/:id/request', roles: ADMIN },
  { method: 'POST', path: '/console/risk/:id/decide', roles: ADMIN },
  ...BACKTEST_ROUTES,
] as const satisfies AccessTable;

export type RiskRouteKey = RouteOf<(typeof RISK_ROUTES)[number]>;
