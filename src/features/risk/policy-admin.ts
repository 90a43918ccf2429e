import type { ServiceDeps } from '../../app/deps.ts';
import { ServiceError } from '../../core/errors.ts';
import { newId } from '../../infra/ids.ts';
import { type Executor, withTransaction } from '../../storage/database.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';
import {
  activateRequestedPolicy,
  insertRiskPolicyDraft,
  markActivationDeclined,
  markActivationRequested,
  riskPolicyRow,
  riskPolicyRows,
} from '../../storage/repositories/risk-policies.ts';
import { termsInForceOn, termsVersionById } from '../../storage/repositories/terms-versions.ts';
import type { RiskPolicyRow } from '../../storage/tables/risk.ts';
import { riskPolicySchema } from './policy.ts';

/**
 * Risk policies in the console (docs/risk.md "Activating a policy"): an admin writes a draft and asks for its
 * activation; a second admin approves it (four-eyes), and a risk policy can only take effect while the terms
 * version it names is in force — article 4 of the terms promises a one-time password at every purchase, so
 * answering without one needs terms that say otherwise. Every step is audited in its own transaction.
 */

export interface RiskAdminDeps extends Pick<ServiceDeps, 'db' | 'clock'> {
  /** Rereads the active policy on this node at once (the others within RISK_POLICY_REFRESH_MS). */
  policyChanged: () => Promise<void>;
}

export interface RiskPolicyDraft {
  name: string;
  nameEn: string;
  body: unknown;
  termsVersionId: string | null;
}

export async function createRiskPolicyDraft(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  actor: string,
  d: RiskPolicyDraft,
): Promise<string> {
  const name = d.name.trim().slice(0, 200);
  if (!name) throw new ServiceError('invalid', 'a name is required', 'name');
  const parsed = riskPolicySchema.safeParse(d.body);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') || 'body';
    throw new ServiceError('invalid', 'the policy is not valid', field);
  }
  const at = deps.clock.now();
  const id = newId('rpol', at.getTime());
  await withTransaction(deps.db, async (trx) => {
    if (d.termsVersionId && !(await termsVersionById(trx, d.termsVersionId))) {
      throw new ServiceError('invalid', 'no such terms version', 'termsVersionId');
    }
    const version = await insertRiskPolicyDraft(trx, {
      id,
      name,
      nameEn: d.nameEn.trim().slice(0, 200) || name,
      body: parsed.data,
      termsVersionId: d.termsVersionId,
      createdBy: actor,
      createdAt: at,
    });
    await audit(trx, actor, 'risk.policy_drafted', id, at, { version, body: parsed.data });
  });
  return id;
}

export async function requestRiskPolicyActivation(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  actor: string,
  id: string,
): Promise<void> {
  const at = deps.clock.now();
  await withTransaction(deps.db, async (trx) => {
    const row = await existing(trx, id);
    await mustBeDescribedByTermsInForce(trx, row, at);
    if (!(await markActivationRequested(trx, id, actor, at))) {
      throw new ServiceError('conflict', 'only a draft can be submitted for activation');
    }
    await audit(trx, actor, 'risk.policy_activation_requested', id, at, { version: row.version });
  });
}

/** The second admin's decision; the requester can never approve their own request (also a table check). */
export async function decideRiskPolicyActivation(
  deps: RiskAdminDeps,
  actor: string,
  id: string,
  decision: 'approved' | 'rejected',
): Promise<void> {
  const at = deps.clock.now();
  await withTransaction(deps.db, async (trx) => {
    const row = await existing(trx, id);
    if (row.status !== 'requested') throw new ServiceError('conflict', 'no activation is waiting for this policy');
    if (row.requested_by === actor) {
      throw new ServiceError('forbidden', 'a second admin must approve the activation');
    }
    if (decision === 'rejected') {
      if (!(await markActivationDeclined(trx, id))) throw new ServiceError('conflict', 'already decided');
    } else {
      await mustBeDescribedByTermsInForce(trx, row, at);
      if (!(await activateRequestedPolicy(trx, id, actor, at))) throw new ServiceError('conflict', 'already decided');
    }
    await audit(trx, actor, `risk.policy_activation_${decision}`, id, at, {
      version: row.version,
      requestedBy: row.requested_by,
    });
  });
  if (decision === 'approved') await deps.policyChanged();
}

export async function listRiskPolicies(db: Executor): Promise<RiskPolicyRow[]> {
  return riskPolicyRows(db);
}

async function existing(db: Executor, id: string): Promise<RiskPolicyRow> {
  const row = await riskPolicyRow(db, id);
  if (!row) throw new ServiceError('not_found', 'no such risk policy');
  return row;
}

/** A policy that may answer without a challenge needs the terms version it names in force now. */
async function mustBeDescribedByTermsInForce(db: Executor, row: RiskPolicyRow, at: Date): Promise<void> {
  const parsed = riskPolicySchema.safeParse(row.body);
  if (!parsed.success) throw new ServiceError('invalid', 'the stored policy is not valid', 'body');
  if (parsed.data.mode === 'challenge_all') return;
  const inForce = await termsInForceOn(db, at);
  if (!row.terms_version_id || inForce?.id !== row.terms_version_id) {
    throw new ServiceError(
      'conflict',
      'the terms version describing this policy is not in force',
      'termsVersionId',
      inForce ? `in force: ${inForce.version}` : 'no terms in force',
    );
  }
}

function audit(trx: Executor, actor: string, action: string, id: string, at: Date, after: unknown) {
  return appendAudit(trx, { actor, action, subjectType: 'risk_policy', subjectId: id, after, at });
}
