import type { OperatorRole, OperatorRow } from '../../../storage/schema.ts';

export type Role = OperatorRole;
export const ROLES: readonly Role[] = ['admin', 'operator', 'investigator', 'auditor'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The signed-in operator, as the web layer hands it to services. */
export interface Principal {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export function principalOf(row: OperatorRow): Principal {
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role };
}

/**
 * Who may reveal the cardholder fields sealed in the message log (src/features/console/service/message-reveal.ts):
 * operators answering the member and investigators of a case; not admins (people and keys, not members) nor
 * auditors (they read the audit trail, where each reveal is recorded).
 */
export const CARDHOLDER_DATA_ROLES: readonly Role[] = ['operator', 'investigator'];

/** Audit actor of a console action (src/app/deps.ts `Actor`). */
export function actorOf(p: Pick<Principal, 'id'>): string {
  return `operator:${p.id}`;
}

/** Identity-confirmation methods accepted before a lost/stolen lock is lifted (terms art. 2-2). */
export const CONFIRMATION_METHODS = ['callback_registered_number', 'branch_visit_id', 'card_system_kba'] as const;
export type ConfirmationMethod = (typeof CONFIRMATION_METHODS)[number];
