import { GO_LIVE_ROUTES } from '../go-live/console-access.ts';
import { INVESTIGATION_ROUTES } from '../investigations/console/access.ts';
import { CARD_RANGE_ROUTES } from '../issuer-api/console/access.ts';
import { IMPORT_ROUTES } from '../issuer-api/import/console-access.ts';
import { KEY_ROUTES } from '../keys/console/access.ts';
import { OPERATIONS_ROUTES } from '../operations/console/access.ts';
import { RISK_ROUTES } from '../risk/console/access.ts';
import type { AccessTable, RouteOf } from './route-key.ts';
import { CARDHOLDER_DATA_ROLES, type Role } from './service/roles.ts';

const ALL: readonly Role[] = ['admin', 'operator', 'investigator', 'auditor'];
const READERS: readonly Role[] = ALL;
const OPERATOR: readonly Role[] = ['operator'];
const ADMIN: readonly Role[] = ['admin'];

/**
 * Every signed-in console route and the roles allowed on it: the one place access is decided (the server checks
 * it before any handler runs; test/console/roles.security.test.ts loops over it). Member writes belong to
 * operators only: admins manage people and keys, not members (separation of duties).
 */
export const CONSOLE_ROUTES = [
  { method: 'GET', path: '/console', roles: READERS },
  { method: 'GET', path: '/console/members', roles: READERS },
  { method: 'GET', path: '/console/members/:enetId', roles: READERS },
  { method: 'POST', path: '/console/members/:enetId/lift-lock', roles: OPERATOR },
  { method: 'POST', path: '/console/members/:enetId/restrict', roles: OPERATOR },
  { method: 'POST', path: '/console/members/:enetId/deregister', roles: OPERATOR },
  { method: 'POST', path: '/console/members/:enetId/reinstate', roles: OPERATOR },
  { method: 'GET', path: '/console/approvals', roles: ['admin', 'operator', 'auditor'] },
  { method: 'POST', path: '/console/approvals/:id/decide', roles: OPERATOR },
  { method: 'GET', path: '/console/transactions', roles: READERS },
  { method: 'GET', path: '/console/transactions/:id', roles: READERS },
  { method: 'POST', path: '/console/transactions/:id/messages/:messageId/reveal', roles: CARDHOLDER_DATA_ROLES },
  { method: 'GET', path: '/console/audit', roles: ['admin', 'auditor'] },
  { method: 'GET', path: '/console/operators', roles: ADMIN },
  { method: 'POST', path: '/console/operators', roles: ADMIN },
  { method: 'POST', path: '/console/operators/:id/change', roles: ADMIN },
  { method: 'GET', path: '/console/tokens', roles: ADMIN },
  { method: 'POST', path: '/console/tokens', roles: ADMIN },
  { method: 'POST', path: '/console/tokens/:id/revoke', roles: ADMIN },
  { method: 'POST', path: '/console/sign-out', roles: ALL },
  { method: 'GET', path: '/console/password', roles: ALL },
  { method: 'POST', path: '/console/password', roles: ALL },
  { method: 'POST', path: '/console/operators/approvals/:id/decide', roles: ADMIN },
  ...INVESTIGATION_ROUTES,
  ...OPERATIONS_ROUTES,
  ...CARD_RANGE_ROUTES,
  ...KEY_ROUTES,
  ...GO_LIVE_ROUTES,
  ...IMPORT_ROUTES,
  ...RISK_ROUTES,
] as const satisfies AccessTable;

export type ConsoleRouteKey = RouteOf<(typeof CONSOLE_ROUTES)[number]>;

export function allowed(roles: readonly Role[], role: Role): boolean {
  return roles.includes(role);
}
