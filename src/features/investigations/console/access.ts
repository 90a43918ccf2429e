import type { AccessTable, RouteOf } from '../../console/route-key.ts';
import type { Role } from '../../console/service/roles.ts';

/** Everyone signed in may read cases (operators take phone reports; admins and auditors oversee). */
const READERS: readonly Role[] = ['admin', 'operator', 'investigator', 'auditor'];
/** Only investigators change cases, decide and approve (issue #8; separation of duties). */
const INVESTIGATOR: readonly Role[] = ['investigator'];

/**
 * Fraud-investigation routes of the console access table (issue #8); joined into CONSOLE_ROUTES. A static
 * path comes before the parameterised one it would also match (`/console/cases/new` before `:id`).
 */
export const INVESTIGATION_ROUTES = [
  { method: 'GET', path: '/console/cases', roles: READERS },
  { method: 'GET', path: '/console/cases/new', roles: INVESTIGATOR },
  { method: 'POST', path: '/console/cases', roles: INVESTIGATOR },
  { method: 'GET', path: '/console/cases/:id', roles: READERS },
  { method: 'GET', path: '/console/cases/:id/attachments/:attachmentId', roles: READERS },
  { method: 'POST', path: '/console/cases/:id/assign', roles: INVESTIGATOR },
  { method: 'POST', path: '/console/cases/:id/evidence', roles: INVESTIGATOR },
  { method: 'POST', path: '/console/cases/:id/findings', roles: INVESTIGATOR },
  { method: 'POST', path: '/console/cases/:id/transactions', roles: INVESTIGATOR },
  { method: 'POST', path: '/console/cases/:id/contacts', roles: INVESTIGATOR },
  { method: 'POST', path: '/console/cases/:id/notes', roles: INVESTIGATOR },
  { method: 'POST', path: '/console/cases/:id/cooperation', roles: INVESTIGATOR },
  { method: 'POST', path: '/console/cases/:id/cooperation/answer', roles: INVESTIGATOR },
  { method: 'POST', path: '/console/cases/:id/attachments', roles: INVESTIGATOR },
  { method: 'POST', path: '/console/cases/:id/decision', roles: INVESTIGATOR },
  { method: 'POST', path: '/console/cases/:id/approval', roles: INVESTIGATOR },
  { method: 'POST', path: '/console/cases/:id/close', roles: INVESTIGATOR },
  { method: 'POST', path: '/console/cases/:id/reopen', roles: INVESTIGATOR },
  { method: 'GET', path: '/console/disasters', roles: READERS },
  { method: 'POST', path: '/console/disasters', roles: INVESTIGATOR },
  { method: 'POST', path: '/console/disasters/:id/withdraw', roles: INVESTIGATOR },
] as const satisfies AccessTable;

export type InvestigationRouteKey = RouteOf<(typeof INVESTIGATION_ROUTES)[number]>;
