import type { AccessTable, RouteOf } from '../../console/route-key.ts';
import type { Role } from '../../console/service/roles.ts';

/** Backtest and shadow mode (docs/risk.md): admins run and set them, auditors read; joined into RISK_ROUTES. */
const READERS: readonly Role[] = ['admin', 'auditor'];
const ADMIN: readonly Role[] = ['admin'];

export const BACKTEST_ROUTES = [
  { method: 'GET', path: '/console/risk/backtests', roles: READERS },
  { method: 'POST', path: '/console/risk/backtests', roles: ADMIN },
  { method: 'GET', path: '/console/risk/backtests/:id', roles: READERS },
  { method: 'GET', path: '/console/risk/shadow', roles: READERS },
  { method: 'POST', path: '/console/risk/shadow', roles: ADMIN },
] as const satisfies AccessTable;

export type BacktestRouteKey = RouteOf<(typeof BACKTEST_ROUTES)[number]>;
